// The languages of the UI and the shape of a message catalogue (one per area of the UI).
export const LANGUAGES = ["en", "fr", "es"] as const;
export type Lang = (typeof LANGUAGES)[number];

/** Every key of the English catalogue, each a text (the French and Spanish catalogues' type). */
export type Messages<T> = { readonly [K in keyof T]: string };

/** One area's texts in every language: fr and es must have exactly the keys of en. */
export type Catalogue<T extends Record<string, string>> = { readonly en: T } & {
  readonly [L in Exclude<Lang, "en">]: Messages<T>;
};

/**
 * Declares an area's catalogue. TypeScript refuses a key that is in one language and not in
 * another (missing: not assignable; extra: excess property). Texts may hold {name} placeholders
 * and, for counts, "one form|other form" chosen by the {count} parameter.
 */
export function defineMessages<const T extends Record<string, string>>(catalogue: {
  en: T;
  fr: NoInfer<Messages<T>>;
  es: NoInfer<Messages<T>>;
}): Catalogue<T> {
  return catalogue;
}

export function isLang(value: unknown): value is Lang {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/** The locale each language formats with (dates, numbers). */
export const LOCALES: Record<Lang, string> = { en: "en-GB", fr: "fr-FR", es: "es-ES" };

/** Each language's name in itself, for the language menu. */
export const LANGUAGE_NAMES: Record<Lang, string> = { en: "English", fr: "Français", es: "Español" };
