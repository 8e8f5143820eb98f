// The UI's translations: useT(area) gives t(key, params) for that area's keys and the common
// ones, the current language and its Intl formatters. See messages/README.md.
import { useCallback, useContext } from "react";
import { I18nContext, type I18nState } from "./I18nProvider";
import { common } from "./messages/common";
import { interpolate, lookup, type Area, type Params } from "./translate";
import type { Catalogue } from "./types";

export { I18nProvider } from "./I18nProvider";
export { formattersFor } from "./format";
export { LANGUAGES, LANGUAGE_NAMES, LOCALES, defineMessages, isLang, type Catalogue, type Lang, type Messages } from "./types";

type Keys<A> = A extends Catalogue<infer T> ? keyof T & string : never;
export type CommonKey = Keys<typeof common>;

/** t(key, params): a key of the area given (or of the common catalogue). */
export type T<K extends string> = (key: K | CommonKey, params?: Params) => string;

export type I18n<K extends string> = I18nState & { t: T<K> };

/** The current language, its formatters and t() for the common keys and those of `area`. */
export function useT<A extends Area = typeof common>(area?: A): I18n<Keys<A>> {
  const state = useContext(I18nContext);
  const { lang, formatInt } = state;
  const t = useCallback<T<Keys<A>>>(
    (key, params) => {
      const areas: Area[] = area ? [area, common] : [common];
      const text = lookup(areas, lang, key);
      // A key TypeScript let through but no catalogue has (e.g. built at run time): show it, visibly.
      return text === undefined ? key : interpolate(lang, text, params, formatInt);
    },
    [area, lang, formatInt],
  );
  return { ...state, t };
}

/** Just the language and formatters (no texts). */
export function useLang(): I18nState {
  return useContext(I18nContext);
}
