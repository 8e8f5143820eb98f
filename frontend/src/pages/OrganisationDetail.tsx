// One organisation: its details, users, projects and the credits it holds.
import { Anchor, Card, Grid, Group, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { useQuery } from "urql";
import { StatusFilter } from "../components/ListControls";
import { DataTable, PageHeader, Pager, QueryState, StatusBadge, usePaging } from "../components/ui";
import type { UserStatus } from "../gql/graphql";
import { useT } from "../i18n";
import { useEnumLabel } from "../i18n/enumLabel";
import { organisations } from "../i18n/messages/organisations";
import { OrganisationQuery, UsersQuery } from "../operations/organisations";
import { OrganisationActions } from "./Organisations";
import { InviteUser, USER_STATUSES, UserActions } from "./Users";

export function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <Text size="sm">{children}</Text>
    </div>
  );
}

/** The organisation's users, filtered by status on the server, with each one's buttons. */
function OrganisationUsers({ organisationId, mayInvite }: { organisationId: string; mayInvite: boolean }) {
  const paging = usePaging();
  const [status, setStatus] = useState<UserStatus | "ALL">("ALL");
  const [result, refetch] = useQuery({
    query: UsersQuery,
    variables: { organisationId, first: paging.size, after: paging.after, status: status === "ALL" ? null : status },
  });
  const { t } = useT(organisations);
  const label = useEnumLabel();
  const conn = result.data?.users;
  const done = () => refetch({ requestPolicy: "network-only" });
  return (
    <>
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4">{t("detail.users", { count: conn?.totalCount ?? 0 })}</Title>
        <InviteUser organisationId={organisationId} allowed={mayInvite} onDone={done} />
      </Group>
      <Group mb="xs">
        <StatusFilter label={t("users.filter")} value={status} onChange={(v) => { setStatus(v); paging.reset(); }}
          options={USER_STATUSES.map((value) => ({ value, label: label("status", value) }))} />
      </Group>
      <QueryState fetching={result.fetching && !conn} error={result.error} />
      {conn && (
        <>
          <DataTable label={t("detail.usersTable")} head={[t("users.col.name"), t("users.col.email"), t("users.col.role"), t("col.status"), t("col.actions")]} empty={conn.edges.length === 0}>
            {conn.edges.map(({ node }) => (
              <Table.Tr key={node.id}>
                <Table.Td>{node.name}</Table.Td><Table.Td>{node.email ?? "–"}</Table.Td><Table.Td>{label("role", node.role)}</Table.Td>
                <Table.Td><StatusBadge status={node.status} /></Table.Td><Table.Td><UserActions user={node} onDone={done} /></Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
          <Pager paging={paging} total={conn.totalCount} endCursor={conn.edges[conn.edges.length - 1]?.cursor} />
        </>
      )}
    </>
  );
}

export function OrganisationDetailPage() {
  const { id = "" } = useParams();
  const [result, refetch] = useQuery({ query: OrganisationQuery, variables: { id } });
  const { t, formatDate, formatInt, countryName } = useT(organisations);
  const label = useEnumLabel();
  const data = result.data;
  const done = () => refetch({ requestPolicy: "network-only" });
  if (!data) return <QueryState fetching={result.fetching} error={result.error} />;
  const org = data.organisation;
  return (
    <Stack>
      <PageHeader title={org.name}>
        <StatusBadge status={org.status} />
        <OrganisationActions org={org} onDone={done} />
      </PageHeader>
      <Card withBorder>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Field label={t("field.type")}>{label("orgType", org.type)}</Field>
          <Field label={t("field.taxId")}>{org.taxId ?? "–"}</Field>
          <Field label={t("field.email")}>{org.email ?? "–"}</Field>
          <Field label={t("field.phone")}>{org.phone ?? "–"}</Field>
          <Field label={t("field.website")}>{org.website ?? "–"}</Field>
          <Field label={t("field.address")}>{org.address ?? "–"}</Field>
          <Field label={t("field.country")}>{countryName(org.country)}</Field>
          <Field label={t("field.registered")}>{formatDate(org.createdAt)}</Field>
          {org.statusReason && <Field label={t("field.reason")}>{org.statusReason}</Field>}
        </SimpleGrid>
      </Card>
      <Grid>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <OrganisationUsers organisationId={org.id} mayInvite={org.viewerMay.includes("INVITE_USER")} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Title order={3} size="h4" mb="xs">{t("detail.projects", { count: data.projects.totalCount })}</Title>
          <DataTable label={t("detail.projectsTable")} head={[t("col.title"), t("col.externalId"), t("col.sector"), t("col.status")]} empty={data.projects.edges.length === 0}>
            {data.projects.edges.map(({ node }) => (
              <Table.Tr key={node.id}><Table.Td><Anchor component={Link} to={`/projects/${node.id}`}>{node.title}</Anchor></Table.Td><Table.Td>{node.externalId}</Table.Td><Table.Td>{label("sector", node.sector)}</Table.Td><Table.Td><StatusBadge status={node.status} /></Table.Td></Table.Tr>
            ))}
          </DataTable>
        </Grid.Col>
      </Grid>
      <Title order={3} size="h4">{t("detail.credits", { count: data.creditBlocks.totalCount })}</Title>
      <DataTable label={t("detail.creditsTable")} head={[t("col.serial"), t("col.units"), t("col.vintage"), t("col.status")]} empty={data.creditBlocks.edges.length === 0}>
        {data.creditBlocks.edges.map(({ node }) => (
          <Table.Tr key={node.id}><Table.Td><Anchor component={Link} to={`/credits/${encodeURIComponent(node.serial)}`} ff="monospace" size="sm">{node.serial}</Anchor></Table.Td><Table.Td>{formatInt(node.quantity)}</Table.Td><Table.Td>{node.vintage}</Table.Td><Table.Td><StatusBadge status={node.status} /></Table.Td></Table.Tr>
        ))}
      </DataTable>
    </Stack>
  );
}
