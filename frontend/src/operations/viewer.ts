// What the signed-in person may start in the registry (Query.viewerMay).
import { graphql } from "../gql";

export const RegistryActionsQuery = graphql(`
  query RegistryActions { viewerMay }
`);
