// The country's lists for the forms, from the public countrySettings query (the server
// validates against the same configuration).
import { useQuery } from "urql";
import { CountrySettingsQuery } from "./operations/auth";

export type Country = {
  sectors: string[];
  ghgs: string[];
  sectoralScopes: { value: string; label: string }[];
  scopeName: (n: number) => string;
};

export function useCountry(): Country {
  const [result] = useQuery({ query: CountrySettingsQuery, requestPolicy: "cache-first" });
  const settings = result.data?.countrySettings;
  const scopes = settings?.sectoralScopes ?? [];
  return {
    sectors: settings?.sectors ?? [],
    ghgs: settings?.ghgs ?? [],
    sectoralScopes: scopes.map((s) => ({ value: String(s.number), label: `${s.number}. ${s.name}` })),
    scopeName: (n) => scopes.find((s) => s.number === n)?.name ?? String(n),
  };
}

// The API has no list of the country's regions yet; these are Vanuatu's six provinces.
export const REGIONS = ["Torba", "Sanma", "Penama", "Malampa", "Shefa", "Tafea"];
