// Project Financing: requests for money for projects, decided by the government.
import { Anchor, Group, Table } from "@mantine/core";
import { useState } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";
import { ActionButton } from "../components/ActionButton";
import { ListBar, StatusFilter } from "../components/ListControls";
import { DataTable, PageHeader, Pager, QueryState, StatusBadge, formatDate, humanise, usePaging } from "../components/ui";
import type { FinancingStatus } from "../gql/graphql";
import { ApproveFinancingMutation, FinancingsQuery, RejectFinancingMutation } from "../operations/projects";
import { may } from "../permissions";
import { useViewer } from "../session";
import { useRun } from "../useRun";
import { ExportButtons } from "../components/ExportButtons";

export function FinancingPage() {
  const viewer = useViewer();
  const run = useRun();
  const paging = usePaging();
  const [status, setStatus] = useState<FinancingStatus | "ALL">("ALL");
  const [result, refetch] = useQuery({ query: FinancingsQuery, variables: { first: paging.size, after: paging.after, status: status === "ALL" ? null : status } });
  const conn = result.data?.financings;
  const done = () => refetch({ requestPolicy: "network-only" });
  return (
    <>
      <PageHeader title="Project Financing" />
      <ListBar>
        <StatusFilter label="Status" value={status} onChange={(v) => { setStatus(v); paging.reset(); }}
          options={[{ value: "PENDING", label: "Pending" }, { value: "APPROVED", label: "Approved" }, { value: "REJECTED", label: "Rejected" }, { value: "CANCELLED", label: "Cancelled" }]} />
      </ListBar>
      <ExportButtons list="financings" variables={result.operation?.variables} />
      <QueryState fetching={result.fetching && !conn} error={result.error} />
      {conn && (
        <>
          <DataTable label="Financing" head={["Date", "Project", "Funder", "Amount", "Instrument", "Source", "Status", "Actions"]} empty={conn.edges.length === 0}>
            {conn.edges.map(({ node }) => (
              <Table.Tr key={node.id}>
                <Table.Td>{formatDate(node.createdAt)}</Table.Td>
                <Table.Td><Anchor component={Link} to={`/projects/${node.projectId}`}>Project {node.projectId}</Anchor></Table.Td>
                <Table.Td>{node.fromOrganisation?.name ?? node.fromName ?? "–"}</Table.Td>
                <Table.Td>{node.amount ? `${node.currency} ${node.amount}` : "(confidential)"}</Table.Td>
                <Table.Td>{humanise(node.instrument)}</Table.Td>
                <Table.Td>{node.isPublic ? "Public" : "Private"}, {node.isInternational ? "international" : "national"}</Table.Td>
                <Table.Td><StatusBadge status={node.status} /></Table.Td>
                <Table.Td>
                  {node.status === "PENDING" && may.decideFinancing(viewer) && (
                    <Group gap={4} wrap="nowrap">
                      <ActionButton label="Approve" color="teal" what="Approve this financing." run={() => run(ApproveFinancingMutation, { id: node.id })} onDone={done} />
                      <ActionButton label="Reject" color="red" needsReason what="Reject this financing." run={(reason) => run(RejectFinancingMutation, { id: node.id, reason })} onDone={done} />
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
          <Pager paging={paging} total={conn.totalCount} endCursor={conn.edges[conn.edges.length - 1]?.cursor} />
        </>
      )}
    </>
  );
}
