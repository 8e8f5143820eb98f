// One organisation: its details, users, projects and the credits it holds.
import { Anchor, Card, Grid, Group, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { Link, useParams } from "react-router";
import { useQuery } from "urql";
import { DataTable, PageHeader, QueryState, StatusBadge, formatDate, formatInt, humanise } from "../components/ui";
import { OrganisationQuery } from "../operations/organisations";
import { OrganisationActions } from "./Organisations";
import { InviteUser } from "./Users";

export function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <Text size="sm">{children}</Text>
    </div>
  );
}

export function OrganisationDetailPage() {
  const { id = "" } = useParams();
  const [result, refetch] = useQuery({ query: OrganisationQuery, variables: { id } });
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
          <Field label="Type">{humanise(org.type)}</Field>
          <Field label="Tax ID">{org.taxId ?? "–"}</Field>
          <Field label="E-mail">{org.email ?? "–"}</Field>
          <Field label="Phone">{org.phone ?? "–"}</Field>
          <Field label="Website">{org.website ?? "–"}</Field>
          <Field label="Address">{org.address ?? "–"}</Field>
          <Field label="Country">{org.country}</Field>
          <Field label="Registered">{formatDate(org.createdAt)}</Field>
          {org.statusReason && <Field label="Reason">{org.statusReason}</Field>}
        </SimpleGrid>
      </Card>
      <Grid>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Group justify="space-between" mb="xs">
            <Title order={3} size="h4">Users ({data.users.totalCount})</Title>
            <InviteUser organisationId={org.id} allowed={org.viewerMay.includes("INVITE_USER")} onDone={done} />
          </Group>
          <DataTable label="Users of the organisation" head={["Name", "E-mail", "Role", "Status"]} empty={data.users.edges.length === 0}>
            {data.users.edges.map(({ node }) => (
              <Table.Tr key={node.id}><Table.Td>{node.name}</Table.Td><Table.Td>{node.email ?? "–"}</Table.Td><Table.Td>{humanise(node.role)}</Table.Td><Table.Td><StatusBadge status={node.status} /></Table.Td></Table.Tr>
            ))}
          </DataTable>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Title order={3} size="h4" mb="xs">Projects ({data.projects.totalCount})</Title>
          <DataTable label="Projects of the organisation" head={["Title", "External ID", "Sector", "Status"]} empty={data.projects.edges.length === 0}>
            {data.projects.edges.map(({ node }) => (
              <Table.Tr key={node.id}><Table.Td><Anchor component={Link} to={`/projects/${node.id}`}>{node.title}</Anchor></Table.Td><Table.Td>{node.externalId}</Table.Td><Table.Td>{node.sector}</Table.Td><Table.Td><StatusBadge status={node.status} /></Table.Td></Table.Tr>
            ))}
          </DataTable>
        </Grid.Col>
      </Grid>
      <Title order={3} size="h4">Credits held ({data.creditBlocks.totalCount} blocks)</Title>
      <DataTable label="Credits held" head={["Serial range", "Units", "Vintage", "Status"]} empty={data.creditBlocks.edges.length === 0}>
        {data.creditBlocks.edges.map(({ node }) => (
          <Table.Tr key={node.id}><Table.Td><Anchor component={Link} to={`/credits/${encodeURIComponent(node.serial)}`} ff="monospace" size="sm">{node.serial}</Anchor></Table.Td><Table.Td>{formatInt(node.quantity)}</Table.Td><Table.Td>{node.vintage}</Table.Td><Table.Td><StatusBadge status={node.status} /></Table.Td></Table.Tr>
        ))}
      </DataTable>
    </Stack>
  );
}
