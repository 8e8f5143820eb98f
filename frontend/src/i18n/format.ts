// Intl-based formatting per language: dates (UTC, as the ledger records them), quantities,
// money (Decimal strings, never floats) and ISO 3166 country names.
import { LOCALES, type Lang } from "./types";

export type Formatters = {
  /** A date ("2026-12-03" or an ISO timestamp), "–" for none. */
  formatDate: (value: string | null | undefined) => string;
  /** A date and time in UTC, "–" for none. */
  formatDateTime: (value: string | null | undefined) => string;
  /** A whole quantity (credits, counts) with the language's grouping. */
  formatInt: (n: number | bigint) => string;
  /** An amount (a Decimal string or number) in a currency, e.g. formatMoney("1250.50", "USD"). */
  formatMoney: (amount: string | number, currency: string) => string;
  /** The name of an ISO 3166 alpha-2 country in this language (the code if unknown). */
  countryName: (code: string | null | undefined) => string;
  /** The language's digit grouping and decimal marks, for number inputs. */
  separators: { thousand: string; decimal: string };
};

function parse(value: string): Date {
  return new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
}

const cache = new Map<Lang, Formatters>();

/** The formatters of a language (built once per language). */
export function formattersFor(lang: Lang): Formatters {
  const cached = cache.get(lang);
  if (cached) return cached;
  const locale = LOCALES[lang];
  const date = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  const dateTime = new Intl.DateTimeFormat(locale, {
    day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC", timeZoneName: "short",
  });
  const int = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const money = new Map<string, Intl.NumberFormat>();
  const regions = new Intl.DisplayNames([locale], { type: "region", fallback: "code" });
  const show = (format: Intl.DateTimeFormat) => (value: string | null | undefined) => {
    if (!value) return "–";
    const d = parse(value);
    return Number.isNaN(d.getTime()) ? value : format.format(d);
  };
  const parts = new Intl.NumberFormat(locale, { useGrouping: "always" } as Intl.NumberFormatOptions).formatToParts(12345.6);
  const separators = {
    thousand: parts.find((p) => p.type === "group")?.value ?? ",",
    decimal: parts.find((p) => p.type === "decimal")?.value ?? ".",
  };
  const formatters: Formatters = {
    separators,
    formatDate: show(date),
    formatDateTime: show(dateTime),
    formatInt: (n) => int.format(n),
    formatMoney: (amount, currency) => {
      let format = money.get(currency);
      if (!format) {
        format = new Intl.NumberFormat(locale, { style: "currency", currency });
        money.set(currency, format);
      }
      // A Decimal string is formatted exactly (Intl.NumberFormat v3 takes numeric strings).
      return format.format(amount as Intl.StringNumericLiteral);
    },
    countryName: (code) => {
      if (!code) return "–";
      try {
        return regions.of(code.toUpperCase()) ?? code;
      } catch {
        return code;
      }
    },
  };
  cache.set(lang, formatters);
  return formatters;
}
