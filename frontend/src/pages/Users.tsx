// Users: government sees everyone, others their organisation's; invite, deactivate, and
// approve or reject the PENDING users a first sign-in with an identity provider made.
import { Anchor, Group, Select, Stack, Table, TextInput } from "@mantine/core";
import { useState } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";
import { ActionButton } from "../components/ActionButton";
import { ListBar, SearchBox, StatusFilter } from "../components/ListControls";
import { DataTable, PageHeader, Pager, QueryState, StatusBadge, usePaging } from "../components/ui";
import { useT } from "../i18n";
import { useEnumLabel } from "../i18n/enumLabel";
import { organisations } from "../i18n/messages/organisations";
import type { Role, UserAction, UserStatus } from "../gql/graphql";
import {
  ApproveUserMutation, CreateUserMutation, DeactivateUserMutation, RejectUserMutation, UsersQuery,
} from "../operations/organisations";
import { useViewer } from "../session";
import { useRun } from "../useRun";
import { ExportButtons } from "../components/ExportButtons";

/** Shown when the organisation's viewerMay holds INVITE_USER (allowed). */
export function InviteUser({ organisationId, allowed, onDone }: { organisationId: string; allowed: boolean; onDone: () => void }) {
  const run = useRun();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("MANAGER");
  const { t } = useT(organisations);
  const label = useEnumLabel();
  if (!allowed) return null;
  return (
    <ActionButton label={t("invite")} variant="filled" size="sm" ready={!!name && !!email}
      what={t("invite.what")}
      fields={
        <Stack gap="xs">
          <TextInput label={t("invite.name")} required value={name} onChange={(e) => setName(e.currentTarget.value)} />
          <TextInput label={t("invite.email")} type="email" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
          <Select label={t("invite.role")} value={role} onChange={(v) => setRole((v as Role) ?? "MANAGER")} allowDeselect={false}
            data={(["ADMIN", "MANAGER", "VIEWER"] as const).map((value) => ({ value, label: label("role", value) }))} />
        </Stack>
      }
      run={() => run(CreateUserMutation, { input: { organisationId, name, email, role } })} onDone={onDone} />
  );
}

const ROLES = ["ADMIN", "MANAGER", "VIEWER"] as const;
export const USER_STATUSES: UserStatus[] = ["PENDING", "ACTIVE", "REJECTED", "DEACTIVATED"];

type UserRow = { id: string; name: string; viewerMay: UserAction[]; organisation: { name: string } };

/** A user's buttons, as their viewerMay says: approve (with a role) or reject a PENDING user, deactivate. */
export function UserActions({ user, onDone }: { user: UserRow; onDone: () => void }) {
  const run = useRun();
  const [role, setRole] = useState<Role>("VIEWER");
  const { t } = useT(organisations);
  const label = useEnumLabel();
  const may = (action: UserAction) => user.viewerMay.includes(action);
  const names = { name: user.name, organisation: user.organisation.name };
  return (
    <Group gap={4} wrap="nowrap">
      {may("APPROVE") && (
        <ActionButton label={t("approveUser")} color="teal" what={t("approveUser.what", names)}
          fields={<Select label={t("approveUser.role")} value={role} onChange={(v) => setRole((v as Role) ?? "VIEWER")} allowDeselect={false}
            data={ROLES.map((value) => ({ value, label: label("role", value) }))} />}
          run={() => run(ApproveUserMutation, { id: user.id, role })} onDone={onDone} />
      )}
      {may("REJECT") && (
        <ActionButton label={t("rejectUser")} color="red" needsReason what={t("rejectUser.what", names)}
          run={(reason) => run(RejectUserMutation, { id: user.id, reason })} onDone={onDone} />
      )}
      {may("DEACTIVATE") && (
        <ActionButton label={t("deactivate")} color="red" what={t("deactivate.what", { name: user.name })}
          run={() => run(DeactivateUserMutation, { id: user.id })} onDone={onDone} />
      )}
    </Group>
  );
}

export function UsersPage() {
  const viewer = useViewer();
  const paging = usePaging();
  const [search, setSearch] = useState("");
  const [status, setStatus] = useState<UserStatus | "ALL">("ALL");
  const [result, refetch] = useQuery({
    query: UsersQuery,
    variables: { first: paging.size, after: paging.after, search: search || null, status: status === "ALL" ? null : status },
  });
  const { t } = useT(organisations);
  const label = useEnumLabel();
  const conn = result.data?.users;
  const done = () => refetch({ requestPolicy: "network-only" });
  return (
    <>
      <PageHeader title={t("users.title")}><InviteUser organisationId={viewer.organisation.id} allowed={viewer.organisation.viewerMay.includes("INVITE_USER")} onDone={done} /></PageHeader>
      <ListBar>
        <StatusFilter label={t("users.filter")} value={status} onChange={(v) => { setStatus(v); paging.reset(); }}
          options={USER_STATUSES.map((value) => ({ value, label: label("status", value) }))} />
        <SearchBox placeholder={t("users.search")} onSearch={(s) => { setSearch(s); paging.reset(); }} />
      </ListBar>
      <ExportButtons list="users" variables={result.operation?.variables} />
      <QueryState fetching={result.fetching && !conn} error={result.error} />
      {conn && (
        <>
          <DataTable label={t("users.title")} head={[t("users.col.name"), t("users.col.email"), t("users.col.phone"), t("users.col.organisation"), t("users.col.role"), t("col.status"), t("col.actions")]} empty={conn.edges.length === 0}>
            {conn.edges.map(({ node }) => (
              <Table.Tr key={node.id}>
                <Table.Td>{node.name}</Table.Td>
                <Table.Td>{node.email ?? "–"}</Table.Td>
                <Table.Td>{node.phone ?? "–"}</Table.Td>
                <Table.Td><Anchor component={Link} to={`/organisations/${node.organisation.id}`}>{node.organisation.name}</Anchor></Table.Td>
                <Table.Td>{label("role", node.role)}</Table.Td>
                <Table.Td><StatusBadge status={node.status} /></Table.Td>
                <Table.Td><UserActions user={node} onDone={done} /></Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
          <Pager paging={paging} total={conn.totalCount} endCursor={conn.edges[conn.edges.length - 1]?.cursor} />
        </>
      )}
    </>
  );
}
