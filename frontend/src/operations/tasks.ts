// Notifications and pending tasks.
import { graphql } from "../gql";

export const TasksQuery = graphql(`
  query Tasks($myTasksOnly: Boolean!, $first: Int, $after: String) {
    notifications(myTasksOnly: $myTasksOnly, first: $first, after: $after) {
      totalCount
      edges { cursor node { id event about subject isTask createdAt doneAt } }
    }
  }
`);

export const DashboardQuery = graphql(`
  query Dashboard {
    pending: projects(status: PENDING, first: 0) { totalCount }
    authorised: projects(status: AUTHORISED, first: 0) { totalCount }
    all: projects(first: 0) { totalCount }
    tasks: notifications(myTasksOnly: true, first: 5) {
      totalCount
      edges { node { id subject event createdAt } }
    }
    balances { account { id name kind } active reserved retired cancelled }
  }
`);
