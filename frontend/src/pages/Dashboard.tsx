// Dashboard: the projects, the viewer's pending tasks and the credits they can see.
import { Anchor, Card, Grid, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { Link } from "react-router";
import { useQuery } from "urql";
import { DataTable, PageHeader, QueryState, formatDate, formatInt, humanise } from "../components/ui";
import { DashboardQuery } from "../operations/tasks";
import { useViewer } from "../session";

function Stat({ label, value, to }: { label: string; value: number; to: string }) {
  return (
    <Card withBorder component={Link} to={to} style={{ textDecoration: "none" }}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <Text size="xl" fw={700} c="teal.9">{formatInt(value)}</Text>
    </Card>
  );
}

export function DashboardPage() {
  const viewer = useViewer();
  const [result] = useQuery({ query: DashboardQuery });
  const data = result.data;
  if (!data) return <QueryState fetching={result.fetching} error={result.error} />;
  const totals = data.balances.reduce((t, b) => ({ active: t.active + b.active, retired: t.retired + b.retired }), { active: 0, retired: 0 });
  return (
    <Stack>
      <PageHeader title={`Welcome, ${viewer.name}`} />
      <Text c="dimmed" mt={-12}>{viewer.organisation.name} · {humanise(viewer.organisation.type)} · {humanise(viewer.role)}</Text>
      <SimpleGrid cols={{ base: 2, md: 5 }}>
        <Stat label="Projects" value={data.all.totalCount} to="/projects" />
        <Stat label="Pending projects" value={data.pending.totalCount} to="/projects" />
        <Stat label="Authorised projects" value={data.authorised.totalCount} to="/projects" />
        <Stat label="Active credits" value={totals.active} to="/credits" />
        <Stat label="Retired credits" value={totals.retired} to="/transfers" />
      </SimpleGrid>
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Title order={3} size="h4" mb="xs">My pending tasks ({data.tasks.totalCount})</Title>
          <DataTable label="My pending tasks" head={["Date", "Task"]} empty={data.tasks.edges.length === 0} minWidth={0}>
            {data.tasks.edges.map(({ node }) => <Table.Tr key={node.id}><Table.Td>{formatDate(node.createdAt)}</Table.Td><Table.Td>{node.subject}</Table.Td></Table.Tr>)}
          </DataTable>
          <Anchor component={Link} to="/tasks" size="sm">All my tasks</Anchor>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Title order={3} size="h4" mb="xs">Credits by account</Title>
          <DataTable label="Credits by account" head={["Account", "Active", "Reserved", "Retired"]} empty={data.balances.length === 0} minWidth={0}>
            {data.balances.map((b) => <Table.Tr key={b.account.id}><Table.Td>{b.account.name}</Table.Td><Table.Td>{formatInt(b.active)}</Table.Td><Table.Td>{formatInt(b.reserved)}</Table.Td><Table.Td>{formatInt(b.retired)}</Table.Td></Table.Tr>)}
          </DataTable>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
