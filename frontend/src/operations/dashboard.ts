// The dashboard's figures (signed in) and the public transparency page's (no sign-in).
import { graphql } from "../gql";

export const DashboardFiguresQuery = graphql(`
  query DashboardFigures($filter: DashboardFilter, $sector: String) {
    dashboard(filter: $filter) {
      projectsByStatus { key count }
      projectsBySector { key count }
      projectsBySectoralScope { key count }
      projectsByRegion { key count }
      projectsByFirstLevelRegion { key count }
      credits { estimated issued transferred retired cancelled }
      creditsByVintage { key issued transferred retired cancelled }
      creditsBySector { key issued transferred retired cancelled }
      retiredByKind { key count }
      article6ByAcquiringParty { party authorised firstTransferred }
      pendingWork { key count }
      recentActivity { seq type recordedAt }
    }
    projects(first: 100, sector: $sector) {
      totalCount
      edges { node { id title location { regions geometry } } }
    }
  }
`);

export const DashboardOrganisationsQuery = graphql(`
  query DashboardOrganisations {
    organisations(first: 100, status: ACTIVE) { edges { node { id name type } } }
  }
`);

export const PublicTotalsQuery = graphql(`
  query PublicTotals {
    publicTotals { issued retired retiredByKind { key count } authorisedProjects projectsByRegion { key count } projectsByFirstLevelRegion { key count } }
    ledgerCheckpoint { size rootHash note }
  }
`);

export const PublicProjectsQuery = graphql(`
  query PublicProjects($first: Int, $after: String, $search: String) {
    publicProjects(first: $first, after: $after, search: $search) {
      totalCount
      edges {
        cursor
        node { id serialNumber title sector sectoralScope developerName regions geometry creditsIssued creditsRetired }
      }
    }
  }
`);

export const PublicSerialLookupQuery = graphql(`
  query PublicSerialLookup($serial: String!) {
    serialLookup(serial: $serial) {
      unit
      block { serial serialStart serialEnd status quantity vintage }
      history { seq type at }
    }
  }
`);
