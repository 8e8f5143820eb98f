// Looks a key up in an area's catalogue (then the common one) and fills its parameters.
import type { Catalogue, Lang } from "./types";

export type Params = Record<string, string | number>;
export type Area = Catalogue<Record<string, string>>;

const plurals = new Map<Lang, Intl.PluralRules>();
function pluralRules(lang: Lang): Intl.PluralRules {
  let rules = plurals.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(lang);
    plurals.set(lang, rules);
  }
  return rules;
}

/** Fills {name} placeholders; "one|other" texts pick their form by params.count. */
export function interpolate(lang: Lang, text: string, params: Params | undefined, formatInt: (n: number) => string): string {
  let chosen = text;
  if (text.includes("|") && typeof params?.count === "number") {
    const forms = text.split("|");
    chosen = (pluralRules(lang).select(params.count) === "one" ? forms[0] : forms[forms.length - 1]) ?? text;
  }
  if (!params) return chosen;
  return chosen.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === "number" ? formatInt(value) : value;
  });
}

/** The text of key in lang, from the first area that has it (English if a language lacks it). */
export function lookup(areas: readonly Area[], lang: Lang, key: string): string | undefined {
  for (const area of areas) {
    const text = area[lang][key] ?? area.en[key];
    if (text !== undefined) return text;
  }
  return undefined;
}
