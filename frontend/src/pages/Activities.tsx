// Project Activities: the seed's columns (activity ID, date, activity, project, sector, owners, status).
import { Anchor, Table, Text } from "@mantine/core";
import { useState } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";
import { ListBar, SearchBox, StatusFilter } from "../components/ListControls";
import { DataTable, PageHeader, Pager, QueryState, StatusBadge, formatDate, usePaging } from "../components/ui";
import type { ActivityStatus } from "../gql/graphql";
import { ActivitiesQuery } from "../operations/projects";
import { ExportButtons } from "../components/ExportButtons";

export const ACTIVITY_TYPES: Record<string, string> = { M: "Mitigation", A: "Adaptation", E: "Enabling", C: "Cross-cutting" };

export function ActivitiesPage() {
  const paging = usePaging();
  const [status, setStatus] = useState<ActivityStatus | "ALL">("ALL");
  const [search, setSearch] = useState("");
  const [result] = useQuery({
    query: ActivitiesQuery,
    variables: { first: paging.size, after: paging.after, search: search || null, status: status === "ALL" ? null : status },
  });
  const conn = result.data?.activities;
  return (
    <>
      <PageHeader title="Project Activities" />
      <ListBar>
        <StatusFilter label="Status" value={status} onChange={(v) => { setStatus(v); paging.reset(); }}
          options={[{ value: "PENDING", label: "Pending" }, { value: "APPROVED", label: "Approved" }, { value: "REJECTED", label: "Rejected" }]} />
        <SearchBox placeholder="Search by project name" onSearch={(s) => { setSearch(s); paging.reset(); }} />
      </ListBar>
      <ExportButtons list="activities" variables={result.operation?.variables} />
      <QueryState fetching={result.fetching && !conn} error={result.error} />
      {conn && (
        <>
          <DataTable label="Project activities" head={["Activity ID", "Date", "Project activity", "Project name", "Sector", "Owners", "Status"]} empty={conn.edges.length === 0}>
            {conn.edges.map(({ node }) => (
              <Table.Tr key={node.id}>
                <Table.Td><Text size="sm" ff="monospace">{node.code}</Text></Table.Td>
                <Table.Td>{formatDate(node.createdAt)}</Table.Td>
                <Table.Td>{ACTIVITY_TYPES[node.type] ?? node.type}: {node.title}</Table.Td>
                <Table.Td><Anchor component={Link} to={`/projects/${node.project.id}`}>{node.project.title}</Anchor></Table.Td>
                <Table.Td>{node.project.sector}</Table.Td>
                <Table.Td>{node.project.owners.map((o) => o.organisation.name).join(", ")}</Table.Td>
                <Table.Td><StatusBadge status={node.status} /></Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
          <Pager paging={paging} total={conn.totalCount} endCursor={conn.edges[conn.edges.length - 1]?.cursor} />
        </>
      )}
    </>
  );
}
