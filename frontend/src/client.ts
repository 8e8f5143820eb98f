// The one GraphQL client: same-origin session cookie, a CSRF header on every request, and
// session expiry (UNAUTHENTICATED) reported to whoever shows the sign-in page.
import { Client, cacheExchange, fetchExchange, mapExchange, type CombinedError } from "urql";

/** Sent on every API request; a cross-site form or <img> cannot set it. */
export const CSRF_HEADER = { "X-Requested-With": "carbon-registry-ui" };

let onUnauthenticated: () => void = () => undefined;

/** Called when a signed-in call comes back UNAUTHENTICATED (the session expired). */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

export function errorCode(error: CombinedError | undefined): string | undefined {
  const code = error?.graphQLErrors[0]?.extensions?.["code"];
  return typeof code === "string" ? code : undefined;
}

/** The message to show for a failed call: the server's own words, else the network's. */
export function errorMessage(error: CombinedError | undefined): string {
  if (!error) return "";
  const first = error.graphQLErrors[0];
  if (first) return first.message;
  return error.networkError ? "The registry could not be reached. Try again." : error.message;
}

/** The field a BAD_USER_INPUT error names (extensions.field), if any. */
export function errorField(error: CombinedError | undefined): string | undefined {
  const field = error?.graphQLErrors[0]?.extensions?.["field"];
  return typeof field === "string" ? field : undefined;
}

export function makeClient(): Client {
  return new Client({
    url: "/graphql",
    preferGetMethod: false,
    requestPolicy: "cache-and-network",
    fetchOptions: () => ({ credentials: "same-origin", headers: CSRF_HEADER }),
    exchanges: [
      mapExchange({
        onError(error, operation) {
          const name = operation.query.definitions.find((d) => d.kind === "OperationDefinition");
          const opName = name && "name" in name ? name.name?.value : undefined;
          if (errorCode(error) === "UNAUTHENTICATED" && opName !== "Login") onUnauthenticated();
        },
      }),
      cacheExchange,
      fetchExchange,
    ],
  });
}
