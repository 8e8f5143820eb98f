// The dashboard's figures: cards of the totals, charts of the breakdowns and the provinces map.
// Every chart's numbers are also given as text (the card values, the chart's aria description).
import { Card, Grid, SimpleGrid, Text, Title } from "@mantine/core";
import type { EChartsCoreOption } from "echarts/core";
import { useMemo, type ReactNode } from "react";
import { EChart } from "../../charts/EChart";
import { RegionMap, pointOf, type MapPoint } from "../../charts/RegionMap";
import { useT } from "../../i18n";
import { useEnumLabel } from "../../i18n/enumLabel";
import { dashboard as messages } from "../../i18n/messages/dashboard";
import type { DashboardFiguresQuery } from "../../gql/graphql";

type D = DashboardFiguresQuery["dashboard"];
type Count = { key: string; count: number };
const COLORS = ["#087f5b", "#1971c2", "#e8590c", "#862e9c", "#c92a2a", "#5c940d", "#495057"];

export function Figure({ label, value, testId }: { label: string; value: number; testId: string }) {
  const { formatInt } = useT(messages);
  return (
    <Card withBorder>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <Text size="xl" fw={700} c="teal.9" data-testid={testId} data-value={value}>{formatInt(value)}</Text>
    </Card>
  );
}

export function Cards({ d }: { d: D }) {
  const { t } = useT(messages);
  const projects = d.projectsByStatus.reduce((n, c) => n + c.count, 0);
  const authorised = d.projectsByStatus.find((c) => c.key === "AUTHORISED")?.count ?? 0;
  return (
    <SimpleGrid cols={{ base: 2, sm: 4, lg: 7 }}>
      <Figure label={t("dashboard.projects")} value={projects} testId="figure-projects" />
      <Figure label={t("dashboard.authorisedProjects")} value={authorised} testId="figure-authorised" />
      <Figure label={t("dashboard.estimated")} value={d.credits.estimated} testId="figure-estimated" />
      <Figure label={t("dashboard.issued")} value={d.credits.issued} testId="figure-issued" />
      <Figure label={t("dashboard.transferred")} value={d.credits.transferred} testId="figure-transferred" />
      <Figure label={t("dashboard.retired")} value={d.credits.retired} testId="figure-retired" />
      <Figure label={t("dashboard.cancelled")} value={d.credits.cancelled} testId="figure-cancelled" />
    </SimpleGrid>
  );
}

function Panel({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder h="100%">
      <Title order={3} size="h5" mb="xs">{title}</Title>
      {children}
    </Card>
  );
}

const pie = (name: string, data: { name: string; value: number }[]): EChartsCoreOption => ({
  color: COLORS,
  tooltip: { trigger: "item" },
  legend: { bottom: 0, type: "scroll" },
  series: [{ type: "pie", name, radius: ["35%", "65%"], data, label: { formatter: "{b}: {c}" } }],
});

const bars = (categories: string[], series: { name: string; data: number[] }[], stacked = false): EChartsCoreOption => ({
  color: COLORS,
  tooltip: { trigger: "axis" },
  legend: { bottom: 0, type: "scroll" },
  grid: { left: 8, right: 8, top: 16, bottom: 40, containLabel: true },
  xAxis: { type: "category", data: categories },
  yAxis: { type: "value", minInterval: 1 },
  series: series.map((s) => ({ type: "bar", name: s.name, data: s.data, ...(stacked ? { stack: "all" } : {}) })),
});

/** A chart of counts by key, or the "no figures" line when there are none. */
function CountChart({ title, counts, kind, name }: { title: string; counts: Count[]; kind: "pie" | "bar"; name: (key: string) => string }) {
  const { t } = useT(messages);
  const option = useMemo(() => {
    const data = counts.map((c) => ({ name: name(c.key), value: c.count }));
    return kind === "pie" ? pie(title, data) : bars(data.map((x) => x.name), [{ name: t("dashboard.count"), data: data.map((x) => x.value) }]);
  }, [counts, kind, name, title, t]);
  return (
    <Panel title={title}>
      {counts.length === 0 ? <Text c="dimmed">{t("dashboard.noData")}</Text> : <EChart option={option} label={title} />}
    </Panel>
  );
}

function CreditsChart({ title, rows, name }: { title: string; rows: D["creditsByVintage"]; name?: (key: string) => string }) {
  const { t } = useT(messages);
  const option = useMemo(() => bars(rows.map((r) => (name ? name(r.key) : r.key)), [
    { name: t("dashboard.issued"), data: rows.map((r) => r.issued) },
    { name: t("dashboard.transferred"), data: rows.map((r) => r.transferred) },
    { name: t("dashboard.retired"), data: rows.map((r) => r.retired) },
    { name: t("dashboard.cancelled"), data: rows.map((r) => r.cancelled) },
  ]), [rows, name, t]);
  return (
    <Panel title={title}>
      {rows.length === 0 ? <Text c="dimmed">{t("dashboard.noData")}</Text> : <EChart option={option} label={title} />}
    </Panel>
  );
}

export function Charts({ d }: { d: D }) {
  const { t } = useT(messages);
  const label = useEnumLabel();
  const status = useMemo(() => (key: string) => label("status", key), [label]);
  const kind = useMemo(() => (key: string) => label("retirementKind", key), [label]);
  const sector = useMemo(() => (key: string) => label("sector", key), [label]);
  const scope = useMemo(() => (key: string) => t("dashboard.scopeNumber", { number: key }), [t]);
  const a6 = useMemo(() => bars(d.article6ByAcquiringParty.map((a) => a.party), [
    { name: t("dashboard.article6.authorised"), data: d.article6ByAcquiringParty.map((a) => a.authorised) },
    { name: t("dashboard.article6.firstTransferred"), data: d.article6ByAcquiringParty.map((a) => a.firstTransferred) },
  ]), [d.article6ByAcquiringParty, t]);
  const col = { base: 12, md: 6, xl: 4 };
  return (
    <Grid>
      <Grid.Col span={col}><CountChart title={t("dashboard.projectsByStatus")} counts={d.projectsByStatus} kind="pie" name={status} /></Grid.Col>
      <Grid.Col span={col}><CountChart title={t("dashboard.projectsBySector")} counts={d.projectsBySector} kind="bar" name={sector} /></Grid.Col>
      <Grid.Col span={col}><CountChart title={t("dashboard.projectsByScope")} counts={d.projectsBySectoralScope} kind="bar" name={scope} /></Grid.Col>
      <Grid.Col span={col}><CreditsChart title={t("dashboard.creditsByVintage")} rows={d.creditsByVintage} /></Grid.Col>
      <Grid.Col span={col}><CreditsChart title={t("dashboard.creditsBySector")} rows={d.creditsBySector} name={sector} /></Grid.Col>
      <Grid.Col span={col}><CountChart title={t("dashboard.retiredByKind")} counts={d.retiredByKind} kind="pie" name={kind} /></Grid.Col>
      <Grid.Col span={12}>
        <Panel title={t("dashboard.article6")}>
          {d.article6ByAcquiringParty.length === 0 ? <Text c="dimmed">{t("dashboard.noData")}</Text> : <EChart option={a6} label={t("dashboard.article6")} />}
        </Panel>
      </Grid.Col>
    </Grid>
  );
}

type Located = { id: string; title: string; location: { regions: string[]; geometry?: unknown } };

export function ProjectMap({ counts, projects }: { counts: Count[]; projects: Located[] }) {
  const { t } = useT(messages);
  const points = useMemo(() => projects.flatMap((p): MapPoint[] => {
    const at = pointOf(p.location.geometry);
    return at ? [{ name: p.title, lon: at[0], lat: at[1] }] : [];
  }), [projects]);
  return (
    <Panel title={t("dashboard.map")}>
      <RegionMap counts={counts} points={points} label={t("dashboard.mapLabel")} countLabel={t("dashboard.mapCount")} attribution={`${t("dashboard.attribution")} ${t("dashboard.mapPoints")}`} />
    </Panel>
  );
}
