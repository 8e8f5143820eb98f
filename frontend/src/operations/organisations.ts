// Organisations and their users.
import { graphql } from "../gql";

export const OrganisationsQuery = graphql(`
  query Organisations(
    $first: Int, $after: String, $search: String, $type: OrganisationType,
    $status: OrganisationStatus, $orderBy: OrganisationOrderField!, $descending: Boolean!
  ) {
    organisations(
      first: $first, after: $after, search: $search, type: $type, status: $status,
      orderBy: $orderBy, descending: $descending
    ) {
      totalCount
      edges { cursor node { id name taxId type status numberOfProjects viewerMay } }
    }
  }
`);

export const OrganisationQuery = graphql(`
  query Organisation($id: ID!) {
    organisation(id: $id) {
      id name taxId email phone type status statusReason website address country
      sectoralScopes numberOfProjects createdAt viewerMay
    }
    projects(ownerId: $id, first: 50) {
      totalCount
      edges { node { id title externalId sector status } }
    }
    creditBlocks(holderId: $id, first: 50) {
      totalCount
      edges { node { id serial quantity vintage status } }
    }
  }
`);

export const OrganisationChoicesQuery = graphql(`
  query OrganisationChoices($type: OrganisationType, $search: String) {
    organisations(first: 50, type: $type, status: ACTIVE, search: $search, orderBy: NAME, descending: false) {
      edges { node { id name type } }
    }
  }
`);

export const ApproveOrganisationMutation = graphql(`
  mutation ApproveOrganisation($id: ID!) {
    approveOrganisation(id: $id) { ledgerSeq organisation { id status } }
  }
`);

export const RejectOrganisationMutation = graphql(`
  mutation RejectOrganisation($id: ID!, $reason: String!) {
    rejectOrganisation(input: { id: $id, reason: $reason }) { ledgerSeq organisation { id status } }
  }
`);

export const SuspendOrganisationMutation = graphql(`
  mutation SuspendOrganisation($id: ID!, $reason: String!) {
    suspendOrganisation(input: { id: $id, reason: $reason }) { ledgerSeq organisation { id status } }
  }
`);

export const ReactivateOrganisationMutation = graphql(`
  mutation ReactivateOrganisation($id: ID!) {
    reactivateOrganisation(id: $id) { ledgerSeq organisation { id status } }
  }
`);

export const UsersQuery = graphql(`
  query Users($first: Int, $after: String, $search: String, $organisationId: ID, $status: UserStatus) {
    users(first: $first, after: $after, search: $search, organisationId: $organisationId, status: $status) {
      totalCount
      edges { cursor node { id name email phone role status viewerMay organisation { id name type } } }
    }
  }
`);

export const CreateUserMutation = graphql(`
  mutation CreateUser($input: CreateUserInput!) {
    createUser(input: $input) { ledgerSeq user { id name } }
  }
`);

export const DeactivateUserMutation = graphql(`
  mutation DeactivateUser($id: ID!) {
    deactivateUser(id: $id) { ledgerSeq user { id status } }
  }
`);

export const ApproveUserMutation = graphql(`
  mutation ApproveUser($id: ID!, $role: Role!) {
    approveUser(input: { id: $id, role: $role }) { ledgerSeq user { id status role } }
  }
`);

export const RejectUserMutation = graphql(`
  mutation RejectUser($id: ID!, $reason: String!) {
    rejectUser(input: { id: $id, reason: $reason }) { ledgerSeq user { id status } }
  }
`);
