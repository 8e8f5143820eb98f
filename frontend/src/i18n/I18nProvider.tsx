// The current language of the page: the person's choice (remembered in localStorage when
// anonymous, in their account when signed in; the account's language wins after sign-in).
import { DatesProvider } from "@mantine/dates";
import "dayjs/locale/es";
import "dayjs/locale/fr";
import { createContext, useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import { formattersFor, type Formatters } from "./format";
import { LANGUAGES, isLang, type Lang } from "./types";

const STORAGE_KEY = "registry.language";

export type I18nState = Formatters & { lang: Lang; setLang: (lang: Lang) => void };

function storedLanguage(): Lang | null {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isLang(value) ? value : null;
  } catch {
    return null;
  }
}

/** The language at first load: the stored choice, else the browser's first UI language, else English. */
export function initialLanguage(): Lang {
  const stored = storedLanguage();
  if (stored) return stored;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.slice(0, 2).toLowerCase();
    if (isLang(base)) return base;
  }
  return "en";
}

export const I18nContext = createContext<I18nState>({ lang: "en", setLang: () => undefined, ...formattersFor("en") });

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLanguage);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private windows may refuse storage: the choice then lasts for this page only.
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const state = useMemo<I18nState>(() => ({ lang, setLang, ...formattersFor(lang) }), [lang, setLang]);
  return (
    <I18nContext.Provider value={state}>
      <DatesProvider settings={{ locale: lang }}>{children}</DatesProvider>
    </I18nContext.Provider>
  );
}

export { LANGUAGES };
