// Project Financing: requests for money for projects, decided by the government.
import { Anchor, Group, Table } from "@mantine/core";
import { useState } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";
import { ActionButton } from "../components/ActionButton";
import { ListBar, StatusFilter } from "../components/ListControls";
import { DataTable, PageHeader, Pager, QueryState, StatusBadge, usePaging } from "../components/ui";
import { useT } from "../i18n";
import { useEnumLabel } from "../i18n/enumLabel";
import { projects } from "../i18n/messages/projects";
import type { FinancingAction, FinancingStatus } from "../gql/graphql";
import { ApproveFinancingMutation, CancelFinancingMutation, FinancingsQuery, RejectFinancingMutation } from "../operations/projects";
import { useRun } from "../useRun";
import { ExportButtons } from "../components/ExportButtons";

/** A financing's buttons, as its viewerMay says: government decides, the organisation that asked withdraws. */
export function FinancingActions({ financing, onDone }: { financing: { id: string; viewerMay: FinancingAction[] }; onDone: () => void }) {
  const run = useRun();
  const { t } = useT(projects);
  const may = (action: FinancingAction) => financing.viewerMay.includes(action);
  if (financing.viewerMay.length === 0) return null;
  return (
    <Group gap={4} wrap="nowrap">
      {may("APPROVE") && <ActionButton label={t("financings.approve")} color="teal" what={t("financings.approve.what")} run={() => run(ApproveFinancingMutation, { id: financing.id })} onDone={onDone} />}
      {may("REJECT") && <ActionButton label={t("financings.reject")} color="red" needsReason what={t("financings.reject.what")} run={(reason) => run(RejectFinancingMutation, { id: financing.id, reason })} onDone={onDone} />}
      {may("CANCEL") && <ActionButton label={t("financings.cancel")} color="red" what={t("financings.cancel.what")} run={() => run(CancelFinancingMutation, { id: financing.id })} onDone={onDone} />}
    </Group>
  );
}

export function FinancingPage() {
  const paging = usePaging();
  const [status, setStatus] = useState<FinancingStatus | "ALL">("ALL");
  const { t, formatDate, formatMoney } = useT(projects);
  const label = useEnumLabel();
  const [result, refetch] = useQuery({ query: FinancingsQuery, variables: { first: paging.size, after: paging.after, status: status === "ALL" ? null : status } });
  const conn = result.data?.financings;
  const done = () => refetch({ requestPolicy: "network-only" });
  return (
    <>
      <PageHeader title={t("financings.title")} />
      <ListBar>
        <StatusFilter label={t("filter.status")} value={status} onChange={(v) => { setStatus(v); paging.reset(); }}
          options={(["PENDING", "APPROVED", "REJECTED", "CANCELLED"] as const).map((value) => ({ value, label: label("status", value) }))} />
      </ListBar>
      <ExportButtons list="financings" variables={result.operation?.variables} />
      <QueryState fetching={result.fetching && !conn} error={result.error} />
      {conn && (
        <>
          <DataTable label={t("financings.table")} head={[t("financings.date"), t("financings.project"), t("financing.funder"), t("financing.amount"), t("financing.instrument"), t("financings.source"), t("col.status"), t("col.actions")]} empty={conn.edges.length === 0}>
            {conn.edges.map(({ node }) => (
              <Table.Tr key={node.id}>
                <Table.Td>{formatDate(node.createdAt)}</Table.Td>
                <Table.Td><Anchor component={Link} to={`/projects/${node.projectId}`}>{t("financings.projectN", { id: node.projectId })}</Anchor></Table.Td>
                <Table.Td>{node.fromOrganisation?.name ?? node.fromName ?? "–"}</Table.Td>
                <Table.Td>{node.amount ? formatMoney(node.amount, node.currency) : t("financing.confidential")}</Table.Td>
                <Table.Td>{label("financingInstrument", node.instrument)}</Table.Td>
                <Table.Td>{node.isPublic ? t("financings.public") : t("financings.private")}, {node.isInternational ? t("financings.international") : t("financings.national")}</Table.Td>
                <Table.Td><StatusBadge status={node.status} /></Table.Td>
                <Table.Td><FinancingActions financing={node} onDone={done} /></Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
          <Pager paging={paging} total={conn.totalCount} endCursor={conn.edges[conn.edges.length - 1]?.cursor} />
        </>
      )}
    </>
  );
}
