// The public transparency page (no sign-in): the totals issued and retired, the authorised
// projects with their public fields and the provinces map, a serial-number lookup with the
// unit's history, and the latest signed checkpoint with how to verify the ledger offline.
// Lazy-loaded (App.tsx) like the dashboard: ECharts stays out of the main bundle.
import { Anchor, Badge, Container, Grid, Group, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useMemo, useState } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";
import { RegionMap, pointOf, type MapPoint } from "../charts/RegionMap";
import { LanguageMenu } from "../components/LanguageMenu";
import { SearchBox } from "../components/ListControls";
import { DataTable, Pager, QueryState, usePaging } from "../components/ui";
import { useT } from "../i18n";
import { useEnumLabel } from "../i18n/enumLabel";
import { publicMessages as messages } from "../i18n/messages/public";
import { PublicProjectsQuery, PublicTotalsQuery } from "../operations/dashboard";
import { Figure } from "./dashboard/Figures";
import { LedgerHowTo } from "./public/Ledger";
import { SerialLookup } from "./public/SerialLookup";

function Projects() {
  const { t, formatInt } = useT(messages);
  const label = useEnumLabel();
  const paging = usePaging();
  const [search, setSearch] = useState("");
  const [result] = useQuery({ query: PublicProjectsQuery, variables: { first: paging.size, after: paging.after, search: search || null } });
  const conn = result.data?.publicProjects;
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Title order={2} size="h3">{t("public.projects")}</Title>
        <SearchBox placeholder={t("public.search")} onSearch={(s) => { setSearch(s); paging.reset(); }} />
      </Group>
      <QueryState fetching={result.fetching && !conn} error={result.error} />
      {conn && (
        <>
          <DataTable label={t("public.projects")} empty={conn.edges.length === 0} head={[
            t("public.col.serial"), t("public.col.title"), t("public.col.sector"), t("public.col.scope"),
            t("public.col.developer"), t("public.col.regions"), t("public.col.issued"), t("public.col.retired"),
          ]}>
            {conn.edges.map(({ node }) => (
              <Table.Tr key={node.id}>
                <Table.Td><Text size="sm" ff="monospace">{node.serialNumber}</Text></Table.Td>
                <Table.Td>{node.title}</Table.Td>
                <Table.Td>{label("sector", node.sector)}</Table.Td>
                <Table.Td>{node.sectoralScope}</Table.Td>
                <Table.Td>{node.developerName}</Table.Td>
                <Table.Td>{node.regions.join(", ")}</Table.Td>
                <Table.Td>{formatInt(node.creditsIssued)}</Table.Td>
                <Table.Td>{formatInt(node.creditsRetired)}</Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
          <Pager paging={paging} total={conn.totalCount} endCursor={conn.edges[conn.edges.length - 1]?.cursor} />
        </>
      )}
    </Stack>
  );
}

function PublicMap({ counts }: { counts: { key: string; count: number }[] }) {
  const { t } = useT(messages);
  const [result] = useQuery({ query: PublicProjectsQuery, variables: { first: 100, after: null, search: null } });
  const points = useMemo(() => (result.data?.publicProjects.edges ?? []).flatMap(({ node }): MapPoint[] => {
    const at = pointOf(node.geometry);
    return at ? [{ name: node.title, lon: at[0], lat: at[1] }] : [];
  }), [result.data]);
  return <RegionMap counts={counts} points={points} label={t("public.mapLabel")} countLabel={t("public.mapCount")} attribution={t("public.attribution")} />;
}

export function PublicPage() {
  const { t, formatInt } = useT(messages);
  const label = useEnumLabel();
  const [result] = useQuery({ query: PublicTotalsQuery });
  const totals = result.data?.publicTotals;
  return (
    <Container size="xl" py="md" component="main">
      <Stack>
        <Group justify="space-between">
          <Stack gap={0}>
            <Text fw={700} c="teal.9" style={{ letterSpacing: 1 }}>{t("app.name")}</Text>
            <Title order={1} size="h2">{t("public.title")}</Title>
          </Stack>
          <Group gap="md"><LanguageMenu /><Anchor component={Link} to="/sign-in">{t("public.signIn")}</Anchor></Group>
        </Group>
        <Text c="dimmed">{t("public.intro")}</Text>
        <QueryState fetching={result.fetching && !totals} error={result.error} />
        {totals && (
          <>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <Figure label={t("public.issued")} value={totals.issued} testId="public-issued" />
              <Figure label={t("public.retired")} value={totals.retired} testId="public-retired" />
              <Figure label={t("public.authorised")} value={totals.authorisedProjects} testId="public-authorised" />
            </SimpleGrid>
            {totals.retiredByKind.length > 0 && (
              <Group gap="xs" aria-label={t("public.retiredByKind")} role="list">
                <Text size="sm" fw={600}>{t("public.retiredByKind")}:</Text>
                {totals.retiredByKind.map((k) => <Badge key={k.key} variant="light" role="listitem">{label("retirementKind", k.key)}: {formatInt(k.count)}</Badge>)}
              </Group>
            )}
          </>
        )}
        <Grid>
          <Grid.Col span={{ base: 12, lg: 6 }}>
            <Title order={2} size="h3" mb="xs">{t("public.map")}</Title>
            <PublicMap counts={totals?.projectsByFirstLevelRegion ?? []} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 6 }}>
            <SerialLookup />
          </Grid.Col>
        </Grid>
        <Projects />
        <LedgerHowTo checkpoint={result.data?.ledgerCheckpoint ?? null} />
      </Stack>
    </Container>
  );
}

export default PublicPage;
