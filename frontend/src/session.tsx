// The signed-in person, for every screen; session expiry sends them to sign-in and back.
import { createContext, useContext, useEffect, type ReactNode } from "react";
import { useLocation, useNavigate } from "react-router";
import { useQuery } from "urql";
import { setUnauthenticatedHandler } from "./client";
import { isLang, useLang } from "./i18n";
import type { ViewerQuery as ViewerResult } from "./gql/graphql";
import { ViewerQuery } from "./operations/auth";

export type SessionViewer = NonNullable<ViewerResult["viewer"]>;
type Session = { viewer: SessionViewer | null; fetching: boolean; refresh: () => void };

const SessionContext = createContext<Session>({ viewer: null, fetching: true, refresh: () => undefined });

export function signInPath(next: string): string {
  return `/sign-in?next=${encodeURIComponent(next)}`;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [result, reexecute] = useQuery({ query: ViewerQuery, requestPolicy: "network-only" });
  const navigate = useNavigate();
  const location = useLocation();
  useEffect(() => {
    setUnauthenticatedHandler(() => {
      const here = window.location.pathname + window.location.search;
      if (!here.startsWith("/sign-in")) navigate(signInPath(here), { replace: true });
      reexecute({ requestPolicy: "network-only" });
    });
  }, [navigate, reexecute]);
  void location;
  // The account's language wins once the person is known (their choice on any device).
  const { setLang } = useLang();
  const language = result.data?.viewer?.language;
  useEffect(() => {
    if (isLang(language)) setLang(language);
  }, [language, setLang]);
  const session: Session = {
    viewer: result.data?.viewer ?? null,
    fetching: result.fetching && !result.data,
    refresh: () => reexecute({ requestPolicy: "network-only" }),
  };
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  return useContext(SessionContext);
}

/** The signed-in viewer; only inside pages behind RequireViewer. */
export function useViewer(): SessionViewer {
  const { viewer } = useSession();
  if (!viewer) throw new Error("useViewer outside a signed-in page");
  return viewer;
}
