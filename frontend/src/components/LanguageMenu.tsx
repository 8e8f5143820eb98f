// The language switch in the header (and on the pages before sign-in): remembered in this
// browser, and in the person's account when signed in.
import { Button, Menu } from "@mantine/core";
import { useMutation, useQuery } from "urql";
import { LANGUAGES, LANGUAGE_NAMES, useT, type Lang } from "../i18n";
import { CountrySettingsQuery, UpdateLanguageMutation } from "../operations/auth";
import { useSession } from "../session";

/** The UI languages the country offers (all three until its settings have loaded). */
export function useOfferedLanguages(): Lang[] {
  const [result] = useQuery({ query: CountrySettingsQuery, requestPolicy: "cache-first" });
  const offered = result.data?.countrySettings.languages;
  if (!offered) return [...LANGUAGES];
  const both = LANGUAGES.filter((l) => offered.includes(l));
  return both.length ? both : ["en"];
}

export function LanguageMenu() {
  const { t, lang, setLang } = useT();
  const { viewer, refresh } = useSession();
  const [, update] = useMutation(UpdateLanguageMutation);
  const offered = useOfferedLanguages();
  const choose = async (next: Lang) => {
    setLang(next);
    if (viewer && viewer.language !== next) {
      const done = await update({ id: viewer.id, language: next });
      if (!done.error) refresh();
    }
  };
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <Button variant="subtle" size="sm" aria-label={t("language.menu", { language: LANGUAGE_NAMES[lang] })}
          data-testid="language-menu">
          {lang.toUpperCase()}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t("language.label")}</Menu.Label>
        {offered.map((l) => (
          <Menu.Item key={l} lang={l} onClick={() => void choose(l)} aria-current={l === lang ? "true" : undefined}
            fw={l === lang ? 700 : undefined}>
            {LANGUAGE_NAMES[l]}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}


