// Texts of the export buttons on every list screen (components/ExportButtons.tsx).
import { defineMessages } from "../types";

export const exportsMessages = defineMessages({
  en: {
    "export.field.certifiers.status": "standing",
    "export.field.isPublic": "public",
    "export.field.isInternational": "international",
    "export.csv": "CSV",
    "export.xlsx": "XLSX",
    "export.csv.label": "Download this list as CSV",
    "export.xlsx.label": "Download this list as XLSX (Excel)",
  },
  fr: {
    "export.field.certifiers.status": "statut",
    "export.field.isPublic": "public",
    "export.field.isInternational": "international",
    "export.csv": "CSV",
    "export.xlsx": "XLSX",
    "export.csv.label": "Télécharger cette liste en CSV",
    "export.xlsx.label": "Télécharger cette liste en XLSX (Excel)",
  },
  es: {
    "export.field.certifiers.status": "estado",
    "export.field.isPublic": "público",
    "export.field.isInternational": "internacional",
    "export.csv": "CSV",
    "export.xlsx": "XLSX",
    "export.csv.label": "Descargar esta lista en CSV",
    "export.xlsx.label": "Descargar esta lista en XLSX (Excel)",
  },
});
