// The country's lists for the forms. The API does not publish the country configuration yet,
// so these mirror backend/countries/VU.toml (the server validates against its own copy).
export const SECTORS = ["Energy", "Health", "Education", "Transport", "Manufacturing", "Hospitality", "Forestry", "Waste", "Agriculture", "Other"];
export const GHGS = ["CO2", "CH4", "N2O", "HFCs", "PFCs", "SF6"];
const SCOPES: Record<number, string> = {
  1: "Energy industries (renewable/non-renewable sources)", 2: "Energy distribution", 3: "Energy demand",
  4: "Manufacturing industries", 5: "Chemical industries", 6: "Construction", 7: "Transport",
  8: "Mining/mineral production", 9: "Metal production", 10: "Fugitive emissions from fuels (solid, oil and gas)",
  11: "Fugitive emissions from production and consumption of halocarbons and sulphur hexafluoride",
  12: "Solvent use", 13: "Waste handling and disposal", 14: "Afforestation and reforestation", 15: "Agriculture",
};
export const SECTORAL_SCOPES = Object.entries(SCOPES).map(([value, label]) => ({ value, label: `${value}. ${label}` }));
export const scopeName = (n: number) => SCOPES[n] ?? String(n);
export const REGIONS = ["Torba", "Sanma", "Penama", "Malampa", "Shefa", "Tafea"];
