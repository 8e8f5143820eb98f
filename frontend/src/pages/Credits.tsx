// Credit blocks: serial range, units, vintage, holder, status; the holder's actions per row.
import { Anchor, Group, NumberInput, Table, Text } from "@mantine/core";
import { useState } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";
import { ListBar, StatusFilter } from "../components/ListControls";
import { DataTable, PageHeader, Pager, QueryState, StatusBadge, usePaging } from "../components/ui";
import { useT } from "../i18n";
import { useAccountName, useEnumLabel } from "../i18n/enumLabel";
import { credits } from "../i18n/messages/credits";
import type { BlockStatus } from "../gql/graphql";
import { CreditBlocksQuery } from "../operations/credits";
import { BlockActions } from "./BlockActions";
import { ExportButtons } from "../components/ExportButtons";

export function CreditsPage() {
  const paging = usePaging();
  const [status, setStatus] = useState<BlockStatus | "ALL">("ALL");
  const [vintage, setVintage] = useState<number | null>(null);
  const { t, formatInt } = useT(credits);
  const label = useEnumLabel();
  const accountName = useAccountName();
  const [result, refetch] = useQuery({
    query: CreditBlocksQuery,
    variables: { first: paging.size, after: paging.after, status: status === "ALL" ? null : status, vintage },
  });
  const conn = result.data?.creditBlocks;
  const done = () => refetch({ requestPolicy: "network-only" });
  return (
    <>
      <PageHeader title={t("title")} />
      <ListBar>
        <Group gap="sm">
          <StatusFilter label={t("filter.status")} value={status} onChange={(v) => { setStatus(v); paging.reset(); }}
            options={(["ACTIVE", "RESERVED", "RETIRED"] as const).map((value) => ({ value, label: label("status", value) }))} />
          <NumberInput aria-label={t("filter.vintage")} placeholder={t("filter.vintage")} w={120} min={1990} max={2100} allowDecimal={false}
            value={vintage ?? ""} onChange={(v) => { setVintage(typeof v === "number" ? v : null); paging.reset(); }} />
        </Group>
      </ListBar>
      <ExportButtons list="creditBlocks" variables={result.operation?.variables} />
      <QueryState fetching={result.fetching && !conn} error={result.error} />
      {conn && (
        <>
          <DataTable label={t("table")} head={[t("col.serial"), t("col.units"), t("col.vintage"), t("col.holder"), t("col.status"), t("col.actions")]} empty={conn.edges.length === 0}>
            {conn.edges.map(({ node }) => (
              <Table.Tr key={node.id}>
                <Table.Td><Anchor component={Link} to={`/credits/${encodeURIComponent(node.serial)}`}><Text span size="sm" ff="monospace">{node.serial}</Text></Anchor></Table.Td>
                <Table.Td>{formatInt(node.quantity)}</Table.Td>
                <Table.Td>{node.vintage}</Table.Td>
                <Table.Td>{accountName(node.holder)}</Table.Td>
                <Table.Td><StatusBadge status={node.status} /></Table.Td>
                <Table.Td><BlockActions block={node} onDone={done} /></Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
          <Pager paging={paging} total={conn.totalCount} endCursor={conn.edges[conn.edges.length - 1]?.cursor} />
        </>
      )}
    </>
  );
}
