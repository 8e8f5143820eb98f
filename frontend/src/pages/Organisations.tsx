// Organisations: the seed's list (name, tax ID, type, number of projects, status) and actions.
import { Anchor, Group, Select, Table, Text } from "@mantine/core";
import { useState } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";
import { ActionButton } from "../components/ActionButton";
import { ListBar, SearchBox, StatusFilter } from "../components/ListControls";
import { DataTable, PageHeader, Pager, QueryState, StatusBadge, humanise, usePaging } from "../components/ui";
import type { OrganisationOrderField, OrganisationStatus, OrganisationType } from "../gql/graphql";
import {
  ApproveOrganisationMutation, OrganisationsQuery, ReactivateOrganisationMutation,
  RejectOrganisationMutation, SuspendOrganisationMutation,
} from "../operations/organisations";
import { may } from "../permissions";
import { useViewer } from "../session";
import { useRun } from "../useRun";
import { ExportButtons } from "../components/ExportButtons";

type Row = { id: string; name: string; status: OrganisationStatus };

export function OrganisationActions({ org, onDone }: { org: Row; onDone: () => void }) {
  const viewer = useViewer();
  const run = useRun();
  if (!may.approveOrganisation(viewer)) return null;
  return (
    <Group gap={4} wrap="nowrap">
      {org.status === "PENDING" && (
        <>
          <ActionButton label="Approve" color="teal" what={`Approve ${org.name}: its users can then act in the registry.`}
            run={() => run(ApproveOrganisationMutation, { id: org.id })} onDone={onDone} />
          <ActionButton label="Reject" color="red" needsReason what={`Reject the registration of ${org.name}.`}
            run={(reason) => run(RejectOrganisationMutation, { id: org.id, reason })} onDone={onDone} />
        </>
      )}
      {org.status === "ACTIVE" && (
        <ActionButton label="Suspend" color="red" needsReason what={`Suspend ${org.name}: its users can no longer act and its credits cannot move.`}
          run={(reason) => run(SuspendOrganisationMutation, { id: org.id, reason })} onDone={onDone} />
      )}
      {org.status === "SUSPENDED" && (
        <ActionButton label="Reactivate" what={`Reactivate ${org.name}.`} run={() => run(ReactivateOrganisationMutation, { id: org.id })} onDone={onDone} />
      )}
    </Group>
  );
}

const SORTS: { value: OrganisationOrderField; label: string }[] = [
  { value: "NAME", label: "Name" }, { value: "TAX_ID", label: "Tax ID" }, { value: "TYPE", label: "Type" },
  { value: "STATUS", label: "Status" }, { value: "CREATED_AT", label: "Newest" },
];

export function OrganisationsPage() {
  const paging = usePaging();
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
      <PageHeader title="Organisations" />
      <ListBar>
        <Group gap="sm">
          <StatusFilter label="Status" value={status} onChange={(v) => { setStatus(v); paging.reset(); }}
            options={[{ value: "PENDING", label: "Pending" }, { value: "ACTIVE", label: "Active" }, { value: "SUSPENDED", label: "Suspended" }, { value: "REJECTED", label: "Rejected" }]} />
          <Select aria-label="Organisation type" placeholder="Any type" clearable value={type} onChange={(v) => { setType(v); paging.reset(); }} w={160}
            data={["GOVERNMENT", "MINISTRY", "DEVELOPER", "CERTIFIER", "PARTNER"].map((t) => ({ value: t, label: humanise(t) }))} />
          <Select aria-label="Sort by" value={orderBy} onChange={(v) => setOrderBy((v as OrganisationOrderField) ?? "NAME")} data={SORTS} w={130} allowDeselect={false} />
        </Group>
        <SearchBox placeholder="Search by name or tax ID" onSearch={(s) => { setSearch(s); paging.reset(); }} />
      </ListBar>
      <ExportButtons list="organisations" variables={result.operation?.variables} />
      <QueryState fetching={result.fetching && !conn} error={result.error} />
      {conn && (
        <>
          <DataTable label="Organisations" head={["Organisation name", "Tax ID", "Organisation type", "Number of projects", "Status", "Actions"]} empty={conn.edges.length === 0}>
            {conn.edges.map(({ node }) => (
              <Table.Tr key={node.id}>
                <Table.Td><Anchor component={Link} to={`/organisations/${node.id}`}>{node.name}</Anchor></Table.Td>
                <Table.Td><Text size="sm" ff="monospace">{node.taxId ?? "–"}</Text></Table.Td>
                <Table.Td>{humanise(node.type)}</Table.Td>
                <Table.Td>{node.type === "DEVELOPER" ? node.numberOfProjects : "-"}</Table.Td>
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
