// Texts of the export buttons on every list screen (components/ExportButtons.tsx).
import { defineMessages } from "../types";

export const exportsMessages = defineMessages({
  en: {
    "export.csv": "CSV",
    "export.xlsx": "XLSX",
    "export.csv.label": "Download this list as CSV",
    "export.xlsx.label": "Download this list as XLSX (Excel)",
  },
  fr: {
    "export.csv": "CSV",
    "export.xlsx": "XLSX",
    "export.csv.label": "Télécharger cette liste en CSV",
    "export.xlsx.label": "Télécharger cette liste en XLSX (Excel)",
  },
  es: {
    "export.csv": "CSV",
    "export.xlsx": "XLSX",
    "export.csv.label": "Descargar esta lista en CSV",
    "export.xlsx.label": "Descargar esta lista en XLSX (Excel)",
  },
});
