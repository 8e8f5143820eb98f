// "My pending tasks": what waits on this person, and their other notifications.
import { SegmentedControl, Table } from "@mantine/core";
import { useState } from "react";
import { useQuery } from "urql";
import { DataTable, PageHeader, Pager, QueryState, StatusBadge, usePaging } from "../components/ui";
import { useT } from "../i18n";
import { useEnumLabel } from "../i18n/enumLabel";
import { tasks } from "../i18n/messages/tasks";

const ABOUT = ["account", "activity", "certification", "financing", "monitoring", "organisation", "project", "retirement", "transfer"] as const;
import { TasksQuery } from "../operations/tasks";

export function TasksPage() {
  const paging = usePaging();
  const [which, setWhich] = useState("TASKS");
  const { t, formatDate } = useT(tasks);
  const label = useEnumLabel();
  /** "project:12" → "Project 12" in the current language (as given for an unknown kind). */
  const about = (value: string) => {
    const [kind = "", id = ""] = value.split(":");
    const known = ABOUT.find((k) => k === kind);
    return known ? t(`about.${known}`, { id }) : value;
  };
  const [result] = useQuery({ query: TasksQuery, variables: { myTasksOnly: which === "TASKS", first: paging.size, after: paging.after } });
  const conn = result.data?.notifications;
  return (
    <>
      <PageHeader title={t("title")}>
        <SegmentedControl aria-label={t("show")} value={which} onChange={(v) => { setWhich(v); paging.reset(); }}
          data={[{ value: "TASKS", label: t("show.tasks") }, { value: "ALL", label: t("show.all") }]} />
      </PageHeader>
      <QueryState fetching={result.fetching && !conn} error={result.error} />
      {conn && (
        <>
          <DataTable label={t("table")} head={[t("col.date"), t("col.subject"), t("col.event"), t("col.about"), t("col.state")]} empty={conn.edges.length === 0}>
            {conn.edges.map(({ node }) => (
              <Table.Tr key={node.id}>
                <Table.Td>{formatDate(node.createdAt)}</Table.Td>
                <Table.Td>{node.subject}</Table.Td>
                <Table.Td>{label("entry", node.event)}</Table.Td>
                <Table.Td>{about(node.about)}</Table.Td>
                <Table.Td><StatusBadge status={node.doneAt ? "COMPLETED" : node.isTask ? "PENDING" : "ACTIVE"} /></Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
          <Pager paging={paging} total={conn.totalCount} endCursor={conn.edges[conn.edges.length - 1]?.cursor} />
        </>
      )}
    </>
  );
}
