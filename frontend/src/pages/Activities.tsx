// Project Activities: the seed's columns (activity ID, date, activity, project, sector, owners, status).
import { Anchor, Table, Text } from "@mantine/core";
import { useState } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";
import { ListBar, SearchBox, StatusFilter } from "../components/ListControls";
import { DataTable, PageHeader, Pager, QueryState, StatusBadge, usePaging } from "../components/ui";
import { useT } from "../i18n";
import { useEnumLabel } from "../i18n/enumLabel";
import { projects } from "../i18n/messages/projects";
import type { ActivityStatus } from "../gql/graphql";
import { ActivitiesQuery } from "../operations/projects";
import { ExportButtons } from "../components/ExportButtons";

/** The activity kinds (their labels: useEnumLabel()("activityType", kind)). */
export const ACTIVITY_TYPES = ["M", "A", "E", "C"] as const;

export function ActivitiesPage() {
  const paging = usePaging();
  const [status, setStatus] = useState<ActivityStatus | "ALL">("ALL");
  const { t, formatDate } = useT(projects);
  const label = useEnumLabel();
  const [search, setSearch] = useState("");
  const [result] = useQuery({
    query: ActivitiesQuery,
    variables: { first: paging.size, after: paging.after, search: search || null, status: status === "ALL" ? null : status },
  });
  const conn = result.data?.activities;
  return (
    <>
      <PageHeader title={t("activities.title")} />
      <ListBar>
        <StatusFilter label={t("filter.status")} value={status} onChange={(v) => { setStatus(v); paging.reset(); }}
          options={(["PENDING", "APPROVED", "REJECTED"] as const).map((value) => ({ value, label: label("status", value) }))} />
        <SearchBox placeholder={t("search")} onSearch={(s) => { setSearch(s); paging.reset(); }} />
      </ListBar>
      <ExportButtons list="activities" variables={result.operation?.variables} />
      <QueryState fetching={result.fetching && !conn} error={result.error} />
      {conn && (
        <>
          <DataTable label={t("activities.table")} head={[t("activities.col.id"), t("activities.col.date"), t("activities.col.activity"), t("activities.col.project"), t("col.sector"), t("col.owners"), t("col.status")]} empty={conn.edges.length === 0}>
            {conn.edges.map(({ node }) => (
              <Table.Tr key={node.id}>
                <Table.Td><Text size="sm" ff="monospace">{node.code}</Text></Table.Td>
                <Table.Td>{formatDate(node.createdAt)}</Table.Td>
                <Table.Td>{label("activityType", node.type)}: {node.title}</Table.Td>
                <Table.Td><Anchor component={Link} to={`/projects/${node.project.id}`}>{node.project.title}</Anchor></Table.Td>
                <Table.Td>{label("sector", node.project.sector)}</Table.Td>
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
