// The country's lists for the forms, from the public countrySettings query (the server
// validates against the same configuration).
import { useQuery } from "urql";
import { useEnumLabel } from "./i18n/enumLabel";
import { CountrySettingsQuery } from "./operations/auth";

export type Country = {
  sectors: string[];
  /** The sectors for a select: the server's value, the label in the current language. */
  sectorOptions: { value: string; label: string }[];
  ghgs: string[];
  sectoralScopes: { value: string; label: string }[];
  scopeName: (n: number) => string;
};

export function useCountry(): Country {
  const [result] = useQuery({ query: CountrySettingsQuery, requestPolicy: "cache-first" });
  const settings = result.data?.countrySettings;
  const scopes = settings?.sectoralScopes ?? [];
  const label = useEnumLabel();
  const name = (n: number) => {
    const scope = scopes.find((s) => s.number === n);
    return scope ? label("scope", scope.name) : String(n);
  };
  return {
    sectors: settings?.sectors ?? [],
    sectorOptions: (settings?.sectors ?? []).map((value) => ({ value, label: label("sector", value) })),
    ghgs: settings?.ghgs ?? [],
    sectoralScopes: scopes.map((s) => ({ value: String(s.number), label: `${s.number}. ${label("scope", s.name)}` })),
    scopeName: name,
  };
}

// The API has no list of the country's regions yet; these are Vanuatu's six provinces.
export const REGIONS = ["Torba", "Sanma", "Penama", "Malampa", "Shefa", "Tafea"];
