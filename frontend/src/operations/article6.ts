// Article 6.2: cooperative approaches, authorisations of projects' units, ITMOs and first transfers.
import { graphql } from "../gql";

export const Article6Query = graphql(`
  query Article6 {
    viewerMay
    cooperativeApproaches { id code name parties }
    authorizations {
      id authorizationId projectId authorizedOn version quantity metric purpose authorizedParties createdAt
      cooperativeApproach { id code }
      project { id title }
    }
  }
`);

export const ItmoBlocksQuery = graphql(`
  query ItmoBlocks($first: Int, $after: String) {
    creditBlocks(itmo: true, first: $first, after: $after) {
      totalCount
      edges { cursor node { id serial quantity vintage status itmoFirstId itmoLastId holder { id name } } }
    }
  }
`);

export const FirstTransfersQuery = graphql(`
  query FirstTransfers($first: Int, $after: String) {
    retirements(kind: FIRST_TRANSFER, first: $first, after: $after) {
      totalCount
      edges { cursor node { id quantity beneficiary acquiringCountry status block { id serial } } }
    }
  }
`);

export const CooperativeApproachesQuery = graphql(`
  query CooperativeApproaches {
    cooperativeApproaches { id code name parties }
  }
`);

export const CreateCooperativeApproachMutation = graphql(`
  mutation CreateCooperativeApproach($input: CreateCooperativeApproachInput!) {
    createCooperativeApproach(input: $input) { ledgerSeq cooperativeApproach { id code } }
  }
`);

export const GrantArticle6AuthorisationMutation = graphql(`
  mutation GrantArticle6Authorisation($input: GrantArticle6AuthorisationInput!) {
    grantArticle6Authorisation(input: $input) { ledgerSeq authorization { id authorizationId } }
  }
`);
