// Projects: the seed's list with status filter, sector filter and server-side search.
import { Anchor, Button, Group, Select, Table, Text } from "@mantine/core";
import { useState } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";
import { ListBar, SearchBox, StatusFilter } from "../components/ListControls";
import { DataTable, PageHeader, Pager, QueryState, StatusBadge, usePaging } from "../components/ui";
import { useT } from "../i18n";
import { useEnumLabel } from "../i18n/enumLabel";
import { projects } from "../i18n/messages/projects";
import { useCountry } from "../country";
import type { ProjectStatus } from "../gql/graphql";
import { ProjectsQuery } from "../operations/projects";
import { useRegistryActions } from "../viewerMay";
import { ExportButtons } from "../components/ExportButtons";

export function ProjectsPage() {
  const registry = useRegistryActions();
  const { sectorOptions } = useCountry();
  const { t, formatDate } = useT(projects);
  const label = useEnumLabel();
  const paging = usePaging();
  const [status, setStatus] = useState<ProjectStatus | "ALL">("ALL");
  const [sector, setSector] = useState<string | null>(null);
  const [search, setSearch] = useState("");
  const [result] = useQuery({
    query: ProjectsQuery,
    variables: { first: paging.size, after: paging.after, search: search || null, status: status === "ALL" ? null : status, sector },
  });
  const conn = result.data?.projects;
  return (
    <>
      <PageHeader title={t("title")}>
        {registry.may("CREATE_PROJECT") && <Button component={Link} to="/projects/new">{t("add")}</Button>}
      </PageHeader>
      <ListBar>
        <Group gap="sm">
          <StatusFilter label={t("filter.status")} value={status} onChange={(v) => { setStatus(v); paging.reset(); }}
            options={(["PENDING", "APPROVED", "AUTHORISED", "REJECTED"] as const).map((value) => ({ value, label: label("status", value) }))} />
          <Select aria-label={t("filter.sector")} placeholder={t("filter.anySector")} clearable data={sectorOptions} value={sector} onChange={(v) => { setSector(v); paging.reset(); }} w={160} />
        </Group>
        <SearchBox placeholder={t("search")} onSearch={(s) => { setSearch(s); paging.reset(); }} />
      </ListBar>
      <ExportButtons list="projects" variables={result.operation?.variables} />
      <QueryState fetching={result.fetching && !conn} error={result.error} />
      {conn && (
        <>
          <DataTable label={t("title")} head={[t("col.id"), t("col.name"), t("col.externalId"), t("col.sector"), t("col.owners"), t("col.certifiers"), t("col.submitted"), t("col.status")]} empty={conn.edges.length === 0}>
            {conn.edges.map(({ node }) => (
              <Table.Tr key={node.id}>
                <Table.Td><Text size="sm" ff="monospace">{String(node.number).padStart(3, "0")}</Text></Table.Td>
                <Table.Td><Anchor component={Link} to={`/projects/${node.id}`}>{node.title}</Anchor></Table.Td>
                <Table.Td>{node.externalId}</Table.Td>
                <Table.Td>{label("sector", node.sector)}</Table.Td>
                <Table.Td>{node.owners.map((o) => o.organisation.name).join(", ")}</Table.Td>
                <Table.Td>{node.certifiers.filter((c) => c.status !== "REVOKED").map((c) => c.organisation.name).join(", ") || "–"}</Table.Td>
                <Table.Td>{formatDate(node.createdAt)}</Table.Td>
                <Table.Td><StatusBadge status={node.status} /></Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
          <Pager paging={paging} total={conn.totalCount} endCursor={conn.edges[conn.edges.length - 1]?.cursor} />
        </>
      )}
    </>
  );
}
