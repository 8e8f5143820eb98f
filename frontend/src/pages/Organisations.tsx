// Organisations: the seed's list (name, tax ID, type, number of projects, status) and actions.
import { Anchor, Group, Select, Table, Text } from "@mantine/core";
import { useState } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";
import { ActionButton } from "../components/ActionButton";
import { ListBar, SearchBox, StatusFilter } from "../components/ListControls";
import { DataTable, PageHeader, Pager, QueryState, StatusBadge, usePaging } from "../components/ui";
import { useT } from "../i18n";
import { useEnumLabel } from "../i18n/enumLabel";
import { organisations } from "../i18n/messages/organisations";
import type { OrganisationAction, OrganisationOrderField, OrganisationStatus, OrganisationType } from "../gql/graphql";
import {
  ApproveOrganisationMutation, OrganisationsQuery, ReactivateOrganisationMutation,
  RejectOrganisationMutation, SuspendOrganisationMutation,
} from "../operations/organisations";
import { useRun } from "../useRun";
import { ExportButtons } from "../components/ExportButtons";

type Row = { id: string; name: string; status: OrganisationStatus; viewerMay: OrganisationAction[] };

export function OrganisationActions({ org, onDone }: { org: Row; onDone: () => void }) {
  const run = useRun();
  const { t } = useT(organisations);
  const may = (action: OrganisationAction) => org.viewerMay.includes(action);
  return (
    <Group gap={4} wrap="nowrap">
      {may("APPROVE") && (
          <ActionButton label={t("approve")} color="teal" what={t("approve.what", { name: org.name })}
            run={() => run(ApproveOrganisationMutation, { id: org.id })} onDone={onDone} />
      )}
      {may("REJECT") && (
          <ActionButton label={t("reject")} color="red" needsReason what={t("reject.what", { name: org.name })}
            run={(reason) => run(RejectOrganisationMutation, { id: org.id, reason })} onDone={onDone} />
      )}
      {may("SUSPEND") && (
        <ActionButton label={t("suspend")} color="red" needsReason what={t("suspend.what", { name: org.name })}
          run={(reason) => run(SuspendOrganisationMutation, { id: org.id, reason })} onDone={onDone} />
      )}
      {may("REACTIVATE") && (
        <ActionButton label={t("reactivate")} what={t("reactivate.what", { name: org.name })} run={() => run(ReactivateOrganisationMutation, { id: org.id })} onDone={onDone} />
      )}
    </Group>
  );
}

const SORTS: OrganisationOrderField[] = ["NAME", "TAX_ID", "TYPE", "STATUS", "CREATED_AT"];
const STATUSES: OrganisationStatus[] = ["PENDING", "ACTIVE", "SUSPENDED", "REJECTED"];
const TYPES: OrganisationType[] = ["GOVERNMENT", "MINISTRY", "DEVELOPER", "CERTIFIER", "PARTNER"];

export function OrganisationsPage() {
  const paging = usePaging();
  const { t } = useT(organisations);
  const label = useEnumLabel();
  const [status, setStatus] = useState<OrganisationStatus | "ALL">("ALL");
  const [type, setType] = useState<string | null>(null);
  const [search, setSearch] = useState("");
  const [orderBy, setOrderBy] = useState<OrganisationOrderField>("NAME");
  const [result, refetch] = useQuery({
    query: OrganisationsQuery,
    variables: {
      first: paging.size, after: paging.after, search: search || null, status: status === "ALL" ? null : status,
      type: (type as OrganisationType | null) ?? null, orderBy, descending: orderBy === "CREATED_AT",
    },
  });
  const conn = result.data?.organisations;
  const done = () => refetch({ requestPolicy: "network-only" });
  return (
    <>
      <PageHeader title={t("title")} />
      <ListBar>
        <Group gap="sm">
          <StatusFilter label={t("filter.status")} value={status} onChange={(v) => { setStatus(v); paging.reset(); }}
            options={STATUSES.map((value) => ({ value, label: label("status", value) }))} />
          <Select aria-label={t("filter.type")} placeholder={t("filter.anyType")} clearable value={type} onChange={(v) => { setType(v); paging.reset(); }} w={160}
            data={TYPES.map((value) => ({ value, label: label("orgType", value) }))} />
          <Select aria-label={t("sortBy")} value={orderBy} onChange={(v) => setOrderBy((v as OrganisationOrderField) ?? "NAME")} data={SORTS.map((value) => ({ value, label: t(`sort.${value}`) }))} w={130} allowDeselect={false} />
        </Group>
        <SearchBox placeholder={t("search")} onSearch={(s) => { setSearch(s); paging.reset(); }} />
      </ListBar>
      <ExportButtons list="organisations" variables={result.operation?.variables} />
      <QueryState fetching={result.fetching && !conn} error={result.error} />
      {conn && (
        <>
          <DataTable label={t("title")} head={[t("col.name"), t("col.taxId"), t("col.type"), t("col.projects"), t("col.status"), t("col.actions")]} empty={conn.edges.length === 0}>
            {conn.edges.map(({ node }) => (
              <Table.Tr key={node.id}>
                <Table.Td><Anchor component={Link} to={`/organisations/${node.id}`}>{node.name}</Anchor></Table.Td>
                <Table.Td><Text size="sm" ff="monospace">{node.taxId ?? "–"}</Text></Table.Td>
                <Table.Td>{label("orgType", node.type)}</Table.Td>
                <Table.Td>{node.type === "DEVELOPER" ? node.numberOfProjects : "–"}</Table.Td>
                <Table.Td><StatusBadge status={node.status} /></Table.Td>
                <Table.Td><OrganisationActions org={node} onDone={done} /></Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
          <Pager paging={paging} total={conn.totalCount} endCursor={conn.edges[conn.edges.length - 1]?.cursor} />
        </>
      )}
    </>
  );
}
