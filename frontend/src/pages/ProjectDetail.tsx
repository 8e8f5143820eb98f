// One project: details, documents, certification, activities and monitoring, financing,
// credits and its history from the ledger; each role's actions where they belong.
import { Alert, Anchor, Card, Group, SimpleGrid, Stack, Table, Tabs, Text } from "@mantine/core";
import { Link, useParams, useSearchParams } from "react-router";
import { useQuery } from "urql";
import { ActionButton } from "../components/ActionButton";
import { DataTable, PageHeader, QueryState, StatusBadge } from "../components/ui";
import { useT } from "../i18n";
import { useAccountName, useEnumLabel } from "../i18n/enumLabel";
import { projects } from "../i18n/messages/projects";
import { useCountry } from "../country";
import { AcceptDocumentMutation, ProjectQuery, RejectDocumentMutation } from "../operations/projects";
import { RequestFinancing } from "./RequestFinancing";
import { FinancingActions } from "./Financing";
import { useRun } from "../useRun";
import { BlockActions } from "./BlockActions";
import { Field } from "./OrganisationDetail";
import { ProjectActions } from "./ProjectActions";
import { ProjectActivities } from "./ProjectActivities";

export function ProjectDetailPage() {
  const { id = "" } = useParams();
  const [params] = useSearchParams();
  const { scopeName } = useCountry();
  const run = useRun();
  const { t, formatDate, formatDateTime, formatInt, formatMoney, countryName } = useT(projects);
  const label = useEnumLabel();
  const accountName = useAccountName();
  const [result, refetch] = useQuery({ query: ProjectQuery, variables: { id } });
  const data = result.data;
  if (!data) return <QueryState fetching={result.fetching} error={result.error} />;
  const p = data.project;
  const done = () => refetch({ requestPolicy: "network-only" });
  const created = params.get("created");
  return (
    <Stack>
      <PageHeader title={p.title}><StatusBadge status={p.status} /></PageHeader>
      {created && <Alert color="teal" role="status" title={t("submitted.title")}>{t("recordedAt")} <strong>#{created}</strong>. {t("submitted.text")}</Alert>}
      <Group><ProjectActions project={p} onDone={done} /></Group>
      <Tabs defaultValue="details" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="details">{t("tab.details")}</Tabs.Tab>
          <Tabs.Tab value="documents">{t("tab.documents", { count: p.documents?.length ?? 0 })}</Tabs.Tab>
          <Tabs.Tab value="certification">{t("tab.certification", { count: p.certifiers.length })}</Tabs.Tab>
          <Tabs.Tab value="activities">{t("tab.activities", { count: p.activities.length })}</Tabs.Tab>
          <Tabs.Tab value="financing">{t("tab.financing", { count: p.financings.length })}</Tabs.Tab>
          <Tabs.Tab value="credits">{t("tab.credits", { count: data.creditBlocks.edges.length })}</Tabs.Tab>
          <Tabs.Tab value="history">{t("tab.history")}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="details" pt="md">
          <Card withBorder>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <Field label={t("field.number")}>{String(p.number).padStart(3, "0")}</Field>
              <Field label={t("field.externalId")}>{p.externalId}</Field>
              <Field label={t("field.serialPrefix")}>{p.serialPrefix ?? t("field.serialPrefixLater")}</Field>
              <Field label={t("field.sector")}>{label("sector", p.sector)}</Field>
              <Field label={t("field.scope")}>{p.sectoralScope}. {scopeName(p.sectoralScope)}</Field>
              <Field label={t("field.dates")}>{formatDate(p.startDate)} – {formatDate(p.endDate)}</Field>
              <Field label={t("field.ghgs")}>{p.ghgs.join(", ")}</Field>
              <Field label={t("field.activityScope")}>{label("activityScope", p.activityScope)}</Field>
              <Field label={t("field.article6")}>{p.article6Trading ? t("field.article6Yes", { buyers: p.buyerCountries.map(countryName).join(", ") || t("field.noBuyer") }) : t("no")}</Field>
              <Field label={t("field.location")}>{p.location.regions.join(", ") || "–"}{p.location.geometry ? t("field.pointGiven") : ""}</Field>
              <Field label={t("field.estimatedCredits")}>{formatInt(p.estimatedCredits)}</Field>
              <Field label={t("field.estimatedCost")}>{formatMoney(p.estimatedCost, "USD")}</Field>
              <Field label={t("field.owners")}>{p.owners.map((o) => `${o.organisation.name} (${o.percentage}%)`).join(", ")}</Field>
              <Field label={t("field.submittedBy")}><Anchor component={Link} to={`/organisations/${p.createdBy.id}`}>{p.createdBy.name}</Anchor> {t("field.submittedOn", { date: formatDate(p.createdAt) })}</Field>
              {p.statusReason && <Field label={t("field.reason")}>{p.statusReason}</Field>}
            </SimpleGrid>
          </Card>
        </Tabs.Panel>
        <Tabs.Panel value="documents" pt="md">
          {p.documents === null ? <Text c="dimmed">{t("documents.hidden")}</Text> : (
            <DataTable label={t("documents.table")} head={[t("documents.kind"), t("documents.file"), t("documents.version"), t("documents.uploaded"), t("documents.decision"), t("col.actions")]} empty={p.documents.length === 0}>
              {p.documents.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td>{label("documentKind", d.kind)}</Table.Td>
                  <Table.Td><Anchor href={d.downloadPath}>{d.filename}</Anchor> <Text span size="xs" c="dimmed">{t("documents.size", { size: Math.round(d.size / 1024) })}</Text></Table.Td>
                  <Table.Td>v{d.version}</Table.Td>
                  <Table.Td>{formatDate(d.uploadedAt)}</Table.Td>
                  <Table.Td><StatusBadge status={d.status} />{d.decidedAt ? ` ${formatDate(d.decidedAt)}` : ""}</Table.Td>
                  <Table.Td>{d.viewerMay.length > 0 && (
                    <Group gap={4} wrap="nowrap">
                      <ActionButton label={t("documents.accept")} color="teal" what={t("documents.accept.what", { file: d.filename, version: String(d.version) })} run={() => run(AcceptDocumentMutation, { id: d.id })} onDone={done} />
                      <ActionButton label={t("documents.reject")} color="red" needsReason what={t("documents.reject.what", { file: d.filename, version: String(d.version) })} run={(reason) => run(RejectDocumentMutation, { id: d.id, reason })} onDone={done} />
                    </Group>
                  )}</Table.Td>
                </Table.Tr>
              ))}
            </DataTable>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="certification" pt="md">
          <DataTable label={t("certifiers.table")} head={[t("certifiers.certifier"), t("col.status"), t("certifiers.assigned"), t("certifiers.certified"), t("certifiers.revoked")]} empty={p.certifiers.length === 0}>
            {p.certifiers.map((c) => (
              <Table.Tr key={c.organisation.id}>
                <Table.Td>{c.organisation.name}</Table.Td><Table.Td><StatusBadge status={c.status} /></Table.Td>
                <Table.Td>{formatDate(c.assignedAt)}</Table.Td><Table.Td>{formatDate(c.certifiedAt)}</Table.Td>
                <Table.Td>{c.revokedAt ? `${formatDate(c.revokedAt)}: ${c.revocationReason ?? ""}` : "–"}</Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        </Tabs.Panel>
        <Tabs.Panel value="activities" pt="md"><ProjectActivities project={p} onDone={done} /></Tabs.Panel>
        <Tabs.Panel value="financing" pt="md">
          {p.viewerMay.includes("REQUEST_FINANCING") && <Group mb="sm"><RequestFinancing projectId={p.id} onDone={done} /></Group>}
          <DataTable label={t("financing.table")} head={[t("financing.funder"), t("financing.amount"), t("financing.instrument"), t("col.status"), t("col.actions")]} empty={p.financings.length === 0}>
            {p.financings.map((f) => (
              <Table.Tr key={f.id}><Table.Td>{f.fromOrganisation?.name ?? f.fromName ?? "–"}</Table.Td><Table.Td>{f.amount ? formatMoney(f.amount, f.currency) : t("financing.confidential")}</Table.Td><Table.Td>{label("financingInstrument", f.instrument)}</Table.Td><Table.Td><StatusBadge status={f.status} /></Table.Td><Table.Td><FinancingActions financing={f} onDone={done} /></Table.Td></Table.Tr>
            ))}
          </DataTable>
        </Tabs.Panel>
        <Tabs.Panel value="credits" pt="md">
          <DataTable label={t("credits.table")} head={[t("credits.serial"), t("credits.units"), t("credits.vintage"), t("credits.holder"), t("col.status"), t("col.actions")]} empty={data.creditBlocks.edges.length === 0}>
            {data.creditBlocks.edges.map(({ node }) => (
              <Table.Tr key={node.id}>
                <Table.Td><Anchor component={Link} to={`/credits/${encodeURIComponent(node.serial)}`}><Text span size="sm" ff="monospace">{node.serial}</Text></Anchor></Table.Td>
                <Table.Td>{formatInt(node.quantity)}</Table.Td><Table.Td>{node.vintage}</Table.Td><Table.Td>{accountName(node.holder)}</Table.Td>
                <Table.Td><StatusBadge status={node.status} /></Table.Td><Table.Td><BlockActions block={node} onDone={done} /></Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        </Tabs.Panel>
        <Tabs.Panel value="history" pt="md">
          {p.history === null ? <Text c="dimmed">{t("history.hidden")}</Text> : (
            <DataTable label={t("history.table")} head={[t("history.entry"), t("history.what"), t("history.when")]} empty={p.history.length === 0}>
              {p.history.map((h) => <Table.Tr key={h.seq}><Table.Td><Anchor href={`/ledger/entries/${h.seq}`} target="_blank">#{h.seq}</Anchor></Table.Td><Table.Td>{label("entry", h.type)}</Table.Td><Table.Td>{formatDateTime(h.at)}</Table.Td></Table.Tr>)}
            </DataTable>
          )}
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
