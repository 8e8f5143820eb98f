// "My pending tasks": what waits on this person, and their other notifications.
import { SegmentedControl, Table } from "@mantine/core";
import { useState } from "react";
import { useQuery } from "urql";
import { DataTable, PageHeader, Pager, QueryState, StatusBadge, formatDate, usePaging } from "../components/ui";
import { TasksQuery } from "../operations/tasks";

export function TasksPage() {
  const paging = usePaging();
  const [which, setWhich] = useState("TASKS");
  const [result] = useQuery({ query: TasksQuery, variables: { myTasksOnly: which === "TASKS", first: paging.size, after: paging.after } });
  const conn = result.data?.notifications;
  return (
    <>
      <PageHeader title="My pending tasks">
        <SegmentedControl aria-label="Show" value={which} onChange={(v) => { setWhich(v); paging.reset(); }}
          data={[{ value: "TASKS", label: "Pending tasks" }, { value: "ALL", label: "All notifications" }]} />
      </PageHeader>
      <QueryState fetching={result.fetching && !conn} error={result.error} />
      {conn && (
        <>
          <DataTable label="Pending tasks" head={["Date", "Subject", "Event", "About", "State"]} empty={conn.edges.length === 0}>
            {conn.edges.map(({ node }) => (
              <Table.Tr key={node.id}>
                <Table.Td>{formatDate(node.createdAt)}</Table.Td>
                <Table.Td>{node.subject}</Table.Td>
                <Table.Td>{node.event}</Table.Td>
                <Table.Td>{node.about}</Table.Td>
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
