// Transfers (in and out) and retirements, with the decisions each side may take.
import { Anchor, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";
import { ActionButton } from "../components/ActionButton";
import { ListBar, StatusFilter } from "../components/ListControls";
import { DataTable, PageHeader, Pager, QueryState, StatusBadge, usePaging } from "../components/ui";
import { useT } from "../i18n";
import { useAccountName, useEnumLabel } from "../i18n/enumLabel";
import { credits } from "../i18n/messages/credits";
import type { TransferStatus } from "../gql/graphql";
import {
  ApproveTransferMutation, CancelRetirementMutation, FreezeTransfersMutation, UnfreezeTransfersMutation, CancelTransferMutation, RecogniseRetirementMutation,
  RejectRetirementMutation, RejectTransferMutation, RetirementsQuery, TransfersQuery,
} from "../operations/credits";
import { useRegistryActions } from "../viewerMay";
import { useRun } from "../useRun";
import { ExportButtons } from "../components/ExportButtons";

const blockLink = (serial: string) => <Anchor component={Link} to={`/credits/${encodeURIComponent(serial)}`}><Text span size="sm" ff="monospace">{serial}</Text></Anchor>;

export function TransfersPage() {
  const run = useRun();
  const paging = usePaging();
  const [status, setStatus] = useState<TransferStatus | "ALL">("ALL");
  const { t, formatDate, formatInt } = useT(credits);
  const label = useEnumLabel();
  const accountName = useAccountName();
  const [result, refetch] = useQuery({ query: TransfersQuery, variables: { first: paging.size, after: paging.after, status: status === "ALL" ? null : status } });
  const [retirements, refetchRetirements] = useQuery({ query: RetirementsQuery, variables: { first: 50 } });
  const conn = result.data?.transfers;
  const registry = useRegistryActions();
  const done = () => { refetch({ requestPolicy: "network-only" }); refetchRetirements({ requestPolicy: "network-only" }); registry.refresh(); };
  return (
    <Stack>
      <PageHeader title={t("transfers.title")}>
        {registry.may("FREEZE_TRANSFERS") && (
            <ActionButton size="sm" label={t("freeze")} color="red" needsReason
              what={t("freeze.what")}
              run={(reason) => run(FreezeTransfersMutation, { reason })} onDone={done} />
        )}
        {registry.may("UNFREEZE_TRANSFERS") && (
            <ActionButton size="sm" label={t("unfreeze")} what={t("unfreeze.what")}
              run={() => run(UnfreezeTransfersMutation, {})} onDone={done} />
        )}
      </PageHeader>
      <ListBar>
        <StatusFilter label={t("filter.status")} value={status} onChange={(v) => { setStatus(v); paging.reset(); }}
          options={[{ value: "REQUESTED", label: label("status", "PENDING") }, ...(["COMPLETED", "REJECTED", "CANCELLED"] as const).map((value) => ({ value, label: label("status", value) }))]} />
      </ListBar>
      <ExportButtons list="transfers" variables={result.operation?.variables} />
      <QueryState fetching={result.fetching && !conn} error={result.error} />
      {conn && (
        <div>
          <DataTable label={t("transfers.table")} head={[t("transfers.date"), t("transfers.block"), t("col.units"), t("transfers.from"), t("transfers.to"), t("col.status"), t("col.actions")]} empty={conn.edges.length === 0}>
            {conn.edges.map(({ node }) => (
              <Table.Tr key={node.id}>
                <Table.Td>{formatDate(node.createdAt)}</Table.Td>
                <Table.Td>{blockLink(node.block.serial)}</Table.Td>
                <Table.Td>{formatInt(node.quantity)}</Table.Td>
                <Table.Td>{accountName(node.fromAccount)}</Table.Td>
                <Table.Td>{accountName(node.toAccount)}</Table.Td>
                <Table.Td><StatusBadge status={node.status} /></Table.Td>
                <Table.Td>
                  {node.viewerMay.length > 0 && (
                    <Group gap={4} wrap="nowrap">
                      {node.viewerMay.includes("APPROVE") && (
                          <ActionButton label={t("transfer.approve")} color="teal" what={t("transfer.approve.what", { quantity: node.quantity, to: accountName(node.toAccount) })} run={() => run(ApproveTransferMutation, { id: node.id })} onDone={done} />
                      )}
                      {node.viewerMay.includes("REJECT") && (
                          <ActionButton label={t("transfer.reject")} color="red" needsReason what={t("transfer.reject.what")} run={(reason) => run(RejectTransferMutation, { id: node.id, reason })} onDone={done} />
                      )}
                      {node.viewerMay.includes("CANCEL") && (
                        <ActionButton label={t("transfer.cancel")} color="gray" what={t("transfer.cancel.what")} run={() => run(CancelTransferMutation, { id: node.id })} onDone={done} />
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
      <Title order={3} size="h4">{t("retirements.title")}</Title>
      <ExportButtons list="retirements" variables={retirements.operation?.variables} />
      {retirements.data && (
        <DataTable label={t("retirements.table")} head={[t("transfers.block"), t("col.units"), t("retirements.kind"), t("retirements.beneficiary"), t("col.status"), t("col.actions")]} empty={retirements.data.retirements.edges.length === 0}>
          {retirements.data.retirements.edges.map(({ node }) => (
            <Table.Tr key={node.id}>
              <Table.Td>{blockLink(node.block.serial)}</Table.Td>
              <Table.Td>{formatInt(node.quantity)}</Table.Td>
              <Table.Td>{label("retirementKind", node.kind)}</Table.Td>
              <Table.Td>{node.beneficiary}</Table.Td>
              <Table.Td><StatusBadge status={node.status} /></Table.Td>
              <Table.Td>
                {node.viewerMay.length > 0 && (
                  <Group gap={4} wrap="nowrap">
                    {node.viewerMay.includes("RECOGNISE") && (
                        <ActionButton label={t("retirement.recognise")} color="teal" what={t("retirement.recognise.what")} run={() => run(RecogniseRetirementMutation, { id: node.id })} onDone={done} />
                    )}
                    {node.viewerMay.includes("REJECT") && (
                        <ActionButton label={t("retirement.reject")} color="red" needsReason what={t("retirement.reject.what")} run={(reason) => run(RejectRetirementMutation, { id: node.id, reason })} onDone={done} />
                    )}
                    {node.viewerMay.includes("CANCEL") && (
                      <ActionButton label={t("retirement.cancel")} color="gray" what={t("retirement.cancel.what")} run={() => run(CancelRetirementMutation, { id: node.id })} onDone={done} />
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
