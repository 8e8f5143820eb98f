// Dashboard: the registry's figures (the viewer's organisation's, or the whole registry's for
// government) as cards, charts and a map of the provinces, with period, sector and organisation
// filters. Lazy-loaded (App.tsx): ECharts and the map stay out of the main bundle.
import { Anchor, Button, Grid, Group, Select, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useMemo, useState } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";
import { DataTable, PageHeader, QueryState } from "../components/ui";
import { useCountry } from "../country";
import { useT } from "../i18n";
import { useEnumLabel } from "../i18n/enumLabel";
import { dashboard as messages } from "../i18n/messages/dashboard";
import { DashboardFiguresQuery, DashboardOrganisationsQuery } from "../operations/dashboard";
import { DashboardQuery } from "../operations/tasks";
import { useViewer } from "../session";
import { Cards, Charts, ProjectMap } from "./dashboard/Figures";

const seesAll = (type: string) => type === "GOVERNMENT" || type === "MINISTRY";

function Filters({ value, onChange, organisations }: { value: Filter; onChange: (f: Filter) => void; organisations: { value: string; label: string }[] | null }) {
  const { t } = useT(messages);
  const { sectors } = useCountry();
  return (
    <Group align="flex-end" gap="sm" wrap="wrap" role="search" aria-label={t("dashboard.filters")}>
      <TextInput type="date" label={t("dashboard.from")} value={value.from} max={value.to || undefined} onChange={(e) => onChange({ ...value, from: e.currentTarget.value })} w={170} />
      <TextInput type="date" label={t("dashboard.to")} value={value.to} min={value.from || undefined} onChange={(e) => onChange({ ...value, to: e.currentTarget.value })} w={170} />
      <Select label={t("dashboard.sector")} placeholder={t("dashboard.anySector")} clearable data={sectors} value={value.sector} onChange={(s) => onChange({ ...value, sector: s })} w={180} />
      {organisations && (
        <Select label={t("dashboard.organisation")} placeholder={t("dashboard.allOrganisations")} clearable searchable data={organisations}
          value={value.organisationId} onChange={(o) => onChange({ ...value, organisationId: o })} w={240} />
      )}
      <Button variant="default" onClick={() => onChange(EMPTY)}>{t("dashboard.clear")}</Button>
    </Group>
  );
}

type Filter = { from: string; to: string; sector: string | null; organisationId: string | null };
const EMPTY: Filter = { from: "", to: "", sector: null, organisationId: null };

function Tasks() {
  const { t, formatDate } = useT(messages);
  const [result] = useQuery({ query: DashboardQuery });
  const tasks = result.data?.tasks;
  if (!tasks) return null;
  return (
    <>
      <Title order={3} size="h4" mb="xs">{t("dashboard.tasks", { count: tasks.totalCount })}</Title>
      <DataTable label={t("dashboard.tasks", { count: tasks.totalCount })} head={[t("dashboard.when"), t("dashboard.what")]} empty={tasks.edges.length === 0} minWidth={0}>
        {tasks.edges.map(({ node }) => <Table.Tr key={node.id}><Table.Td>{formatDate(node.createdAt)}</Table.Td><Table.Td>{node.subject}</Table.Td></Table.Tr>)}
      </DataTable>
      <Anchor component={Link} to="/tasks" size="sm">{t("dashboard.allTasks")}</Anchor>
    </>
  );
}

export function DashboardPage() {
  const viewer = useViewer();
  const { t, formatInt, formatDateTime } = useT(messages);
  const label = useEnumLabel();
  const [filter, setFilter] = useState<Filter>(EMPTY);
  const all = seesAll(viewer.organisation.type);
  const [orgs] = useQuery({ query: DashboardOrganisationsQuery, pause: !all });
  const organisations = all ? (orgs.data?.organisations.edges ?? []).map(({ node }) => ({ value: node.id, label: node.name })) : null;
  const variables = useMemo(() => ({
    filter: { from: filter.from || null, to: filter.to || null, sector: filter.sector, organisationId: filter.organisationId },
    sector: filter.sector,
  }), [filter]);
  const [result] = useQuery({ query: DashboardFiguresQuery, variables });
  const data = result.data;
  const scopeName = filter.organisationId ? organisations?.find((o) => o.value === filter.organisationId)?.label ?? "" : viewer.organisation.name;
  return (
    <Stack data-testid="dashboard">
      <PageHeader title={t("dashboard.title")} />
      <Text c="dimmed" mt={-12}>
        {t("dashboard.welcome", { name: viewer.name })} · {all && !filter.organisationId ? t("dashboard.scope.all") : t("dashboard.scope.own", { name: scopeName })}
      </Text>
      <Filters value={filter} onChange={setFilter} organisations={organisations} />
      <QueryState fetching={result.fetching && !data} error={result.error} />
      {data && (
        <>
          <Cards d={data.dashboard} />
          <Grid>
            <Grid.Col span={{ base: 12, lg: 7 }}>
              <ProjectMap counts={data.dashboard.projectsByFirstLevelRegion} projects={data.projects.edges.map((e) => e.node)} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 5 }}>
              <Stack>
                <div>
                  <Title order={3} size="h4" mb="xs">{t("dashboard.pendingWork")}</Title>
                  <DataTable label={t("dashboard.pendingWork")} head={[t("dashboard.what"), t("dashboard.count")]} empty={data.dashboard.pendingWork.length === 0} minWidth={0}>
                    {data.dashboard.pendingWork.map((p) => (
                      <Table.Tr key={p.key} data-testid={`pending-${p.key}`}><Table.Td>{t(`pending.${p.key}` as "pending.PROJECT_APPROVAL")}</Table.Td><Table.Td>{formatInt(p.count)}</Table.Td></Table.Tr>
                    ))}
                  </DataTable>
                </div>
                <Tasks />
              </Stack>
            </Grid.Col>
          </Grid>
          <Charts d={data.dashboard} />
          <Title order={3} size="h4">{t("dashboard.recentActivity")}</Title>
          <DataTable label={t("dashboard.recentActivity")} head={[t("dashboard.seq"), t("dashboard.what"), t("dashboard.when")]} empty={data.dashboard.recentActivity.length === 0} minWidth={0}>
            {data.dashboard.recentActivity.map((a) => (
              <Table.Tr key={a.seq}><Table.Td>#{a.seq}</Table.Td><Table.Td>{label("entry", a.type)}</Table.Td><Table.Td>{formatDateTime(a.recordedAt)}</Table.Td></Table.Tr>
            ))}
          </DataTable>
        </>
      )}
    </Stack>
  );
}

export default DashboardPage;
