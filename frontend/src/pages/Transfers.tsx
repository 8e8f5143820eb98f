// Transfers (in and out) and retirements, with the decisions each side may take.
import { Anchor, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";
import { ActionButton } from "../components/ActionButton";
import { ListBar, StatusFilter } from "../components/ListControls";
import { DataTable, PageHeader, Pager, QueryState, StatusBadge, formatDate, formatInt, humanise, usePaging } from "../components/ui";
import type { TransferStatus } from "../gql/graphql";
import {
  ApproveTransferMutation, CancelRetirementMutation, FreezeTransfersMutation, UnfreezeTransfersMutation, CancelTransferMutation, RecogniseRetirementMutation,
  RejectRetirementMutation, RejectTransferMutation, RetirementsQuery, TransfersQuery,
} from "../operations/credits";
import { may } from "../permissions";
import { useViewer } from "../session";
import { useRun } from "../useRun";
import { ExportButtons } from "../components/ExportButtons";

const blockLink = (serial: string) => <Anchor component={Link} to={`/credits/${encodeURIComponent(serial)}`}><Text span size="sm" ff="monospace">{serial}</Text></Anchor>;

export function TransfersPage() {
  const viewer = useViewer();
  const run = useRun();
  const paging = usePaging();
  const [status, setStatus] = useState<TransferStatus | "ALL">("ALL");
  const [result, refetch] = useQuery({ query: TransfersQuery, variables: { first: paging.size, after: paging.after, status: status === "ALL" ? null : status } });
  const [retirements, refetchRetirements] = useQuery({ query: RetirementsQuery, variables: { first: 50 } });
  const conn = result.data?.transfers;
  const done = () => { refetch({ requestPolicy: "network-only" }); refetchRetirements({ requestPolicy: "network-only" }); };
  return (
    <Stack>
      <PageHeader title="Transfers">
        {may.freezeTransfers(viewer) && (
          <>
            <ActionButton size="sm" label="Freeze transfers" color="red" needsReason
              what="Stop every transfer and retirement in the registry until they are unfrozen."
              run={(reason) => run(FreezeTransfersMutation, { reason })} onDone={done} />
            <ActionButton size="sm" label="Unfreeze transfers" what="Let transfers and retirements go ahead again."
              run={() => run(UnfreezeTransfersMutation, {})} onDone={done} />
          </>
        )}
      </PageHeader>
      <ListBar>
        <StatusFilter label="Status" value={status} onChange={(v) => { setStatus(v); paging.reset(); }}
          options={[{ value: "REQUESTED", label: "Pending" }, { value: "COMPLETED", label: "Completed" }, { value: "REJECTED", label: "Rejected" }, { value: "CANCELLED", label: "Cancelled" }]} />
      </ListBar>
      <ExportButtons list="transfers" variables={result.operation?.variables} />
      <QueryState fetching={result.fetching && !conn} error={result.error} />
      {conn && (
        <div>
          <DataTable label="Transfers" head={["Date", "Block", "Units", "From", "To", "Status", "Actions"]} empty={conn.edges.length === 0}>
            {conn.edges.map(({ node }) => (
              <Table.Tr key={node.id}>
                <Table.Td>{formatDate(node.createdAt)}</Table.Td>
                <Table.Td>{blockLink(node.block.serial)}</Table.Td>
                <Table.Td>{formatInt(node.quantity)}</Table.Td>
                <Table.Td>{node.fromAccount.name}</Table.Td>
                <Table.Td>{node.toAccount.name}</Table.Td>
                <Table.Td><StatusBadge status={node.status} /></Table.Td>
                <Table.Td>
                  {node.status === "REQUESTED" && (
                    <Group gap={4} wrap="nowrap">
                      {may.decideTransfer(viewer, node.fromAccount.organisation?.id) && (
                        <>
                          <ActionButton label="Approve" color="teal" what={`Move ${formatInt(node.quantity)} units to ${node.toAccount.name} now.`} run={() => run(ApproveTransferMutation, { id: node.id })} onDone={done} />
                          <ActionButton label="Reject" color="red" needsReason what="Refuse this request." run={(reason) => run(RejectTransferMutation, { id: node.id, reason })} onDone={done} />
                        </>
                      )}
                      {may.cancelTransfer(viewer, node.toAccount.organisation?.id) && (
                        <ActionButton label="Cancel" color="gray" what="Withdraw your request." run={() => run(CancelTransferMutation, { id: node.id })} onDone={done} />
                      )}
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
          <Pager paging={paging} total={conn.totalCount} endCursor={conn.edges[conn.edges.length - 1]?.cursor} />
        </div>
      )}
      <Title order={3} size="h4">Retirements</Title>
      <ExportButtons list="retirements" variables={retirements.operation?.variables} />
      {retirements.data && (
        <DataTable label="Retirements" head={["Block", "Units", "Kind", "On behalf of", "Status", "Actions"]} empty={retirements.data.retirements.edges.length === 0}>
          {retirements.data.retirements.edges.map(({ node }) => (
            <Table.Tr key={node.id}>
              <Table.Td>{blockLink(node.block.serial)}</Table.Td>
              <Table.Td>{formatInt(node.quantity)}</Table.Td>
              <Table.Td>{humanise(node.kind)}</Table.Td>
              <Table.Td>{node.beneficiary}</Table.Td>
              <Table.Td><StatusBadge status={node.status} /></Table.Td>
              <Table.Td>
                {node.status === "REQUESTED" && (
                  <Group gap={4} wrap="nowrap">
                    {may.decideRetirement(viewer) && (
                      <>
                        <ActionButton label="Recognise" color="teal" what="Recognise this retirement: the units are retired for good." run={() => run(RecogniseRetirementMutation, { id: node.id })} onDone={done} />
                        <ActionButton label="Reject" color="red" needsReason what="Reject this retirement: the units go back to the holder." run={(reason) => run(RejectRetirementMutation, { id: node.id, reason })} onDone={done} />
                      </>
                    )}
                    {may.retire(viewer, node.block.holder.organisation?.id) && (
                      <ActionButton label="Cancel" color="gray" what="Withdraw this retirement." run={() => run(CancelRetirementMutation, { id: node.id })} onDone={done} />
                    )}
                  </Group>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
    </Stack>
  );
}
