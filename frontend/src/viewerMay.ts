// What the signed-in person may start in the registry (Query.viewerMay): the server's policy,
// never a rule repeated here. Each row's own actions are its viewerMay field.
import { useQuery } from "urql";
import type { RegistryAction } from "./gql/graphql";
import { RegistryActionsQuery } from "./operations/viewer";


/** may(action) for the registry-wide actions; false while loading. */
export function useRegistryActions(): { may: (action: RegistryAction) => boolean; refresh: () => void } {
  const [result, reexecute] = useQuery({ query: RegistryActionsQuery });
  const granted = result.data?.viewerMay ?? [];
  return {
    may: (action) => granted.includes(action),
    refresh: () => reexecute({ requestPolicy: "network-only" }),
  };
}
