// One project: details, documents, certification, activities and monitoring, financing,
// credits and its history from the ledger; each role's actions where they belong.
import { Alert, Anchor, Card, Group, SimpleGrid, Stack, Table, Tabs, Text } from "@mantine/core";
import { Link, useParams, useSearchParams } from "react-router";
import { useQuery } from "urql";
import { ActionButton } from "../components/ActionButton";
import { DataTable, PageHeader, QueryState, StatusBadge, formatDate, formatInt, humanise } from "../components/ui";
import { useCountry } from "../country";
import { AcceptDocumentMutation, ProjectQuery, RejectDocumentMutation } from "../operations/projects";
import { RequestFinancing } from "./RequestFinancing";
import { useEnumLabel } from "../i18n/enumLabel";
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
  const label = useEnumLabel();
  const [result, refetch] = useQuery({ query: ProjectQuery, variables: { id } });
  const data = result.data;
  if (!data) return <QueryState fetching={result.fetching} error={result.error} />;
  const p = data.project;
  const done = () => refetch({ requestPolicy: "network-only" });
  const created = params.get("created");
  return (
    <Stack>
      <PageHeader title={p.title}><StatusBadge status={p.status} /></PageHeader>
      {created && <Alert color="teal" role="status" title="Project submitted">Recorded in the ledger at entry <strong>#{created}</strong>. The government reviews it next.</Alert>}
      <Group><ProjectActions project={p} onDone={done} /></Group>
      <Tabs defaultValue="details" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="details">Details</Tabs.Tab>
          <Tabs.Tab value="documents">Documents ({p.documents?.length ?? 0})</Tabs.Tab>
          <Tabs.Tab value="certification">Certification ({p.certifiers.length})</Tabs.Tab>
          <Tabs.Tab value="activities">Activities ({p.activities.length})</Tabs.Tab>
          <Tabs.Tab value="financing">Financing ({p.financings.length})</Tabs.Tab>
          <Tabs.Tab value="credits">Credits ({data.creditBlocks.edges.length})</Tabs.Tab>
          <Tabs.Tab value="history">History</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="details" pt="md">
          <Card withBorder>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <Field label="Project number">{String(p.number).padStart(3, "0")}</Field>
              <Field label="External ID">{p.externalId}</Field>
              <Field label="Serial prefix">{p.serialPrefix ?? "– (given at authorisation)"}</Field>
              <Field label="Sector">{p.sector}</Field>
              <Field label="Sectoral scope">{p.sectoralScope}. {scopeName(p.sectoralScope)}</Field>
              <Field label="Dates">{formatDate(p.startDate)} – {formatDate(p.endDate)}</Field>
              <Field label="GHGs covered">{p.ghgs.join(", ")}</Field>
              <Field label="Activity scope">{humanise(p.activityScope)}</Field>
              <Field label="Article 6 trading">{p.article6Trading ? `Yes (${p.buyerCountries.join(", ") || "no buyer named"})` : "No"}</Field>
              <Field label="Location">{p.location.regions.join(", ") || "–"}{p.location.geometry ? " · point given" : ""}</Field>
              <Field label="Estimated credits">{formatInt(p.estimatedCredits)}</Field>
              <Field label="Estimated cost">USD {p.estimatedCost}</Field>
              <Field label="Owners">{p.owners.map((o) => `${o.organisation.name} (${o.percentage}%)`).join(", ")}</Field>
              <Field label="Submitted by"><Anchor component={Link} to={`/organisations/${p.createdBy.id}`}>{p.createdBy.name}</Anchor> on {formatDate(p.createdAt)}</Field>
              {p.statusReason && <Field label="Reason">{p.statusReason}</Field>}
            </SimpleGrid>
          </Card>
        </Tabs.Panel>
        <Tabs.Panel value="documents" pt="md">
          {p.documents === null ? <Text c="dimmed">You may not read this project's documents.</Text> : (
            <DataTable label="Documents" head={["Kind", "File", "Version", "Uploaded", "Decision", "Actions"]} empty={p.documents.length === 0}>
              {p.documents.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td>{humanise(d.kind)}</Table.Td>
                  <Table.Td><Anchor href={d.downloadPath}>{d.filename}</Anchor> <Text span size="xs" c="dimmed">({Math.round(d.size / 1024)} KB)</Text></Table.Td>
                  <Table.Td>v{d.version}</Table.Td>
                  <Table.Td>{formatDate(d.uploadedAt)}</Table.Td>
                  <Table.Td><StatusBadge status={d.status} />{d.decidedAt ? ` ${formatDate(d.decidedAt)}` : ""}</Table.Td>
                  <Table.Td>{d.viewerMay.length > 0 && (
                    <Group gap={4} wrap="nowrap">
                      <ActionButton label="Accept" color="teal" what={`Accept ${d.filename} (v${d.version}).`} run={() => run(AcceptDocumentMutation, { id: d.id })} onDone={done} />
                      <ActionButton label="Reject" color="red" needsReason what={`Reject ${d.filename} (v${d.version}); the developer uploads a new version.`} run={(reason) => run(RejectDocumentMutation, { id: d.id, reason })} onDone={done} />
                    </Group>
                  )}</Table.Td>
                </Table.Tr>
              ))}
            </DataTable>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="certification" pt="md">
          <DataTable label="Certifiers" head={["Certifier", "Status", "Assigned", "Certified", "Revoked"]} empty={p.certifiers.length === 0}>
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
          <DataTable label="Financing of the project" head={["Funder", "Amount", "Instrument", "Status"]} empty={p.financings.length === 0}>
            {p.financings.map((f) => (
              <Table.Tr key={f.id}><Table.Td>{f.fromOrganisation?.name ?? f.fromName ?? "–"}</Table.Td><Table.Td>{f.amount ? `${f.currency} ${f.amount}` : "(confidential)"}</Table.Td><Table.Td>{humanise(f.instrument)}</Table.Td><Table.Td><StatusBadge status={f.status} /></Table.Td></Table.Tr>
            ))}
          </DataTable>
        </Tabs.Panel>
        <Tabs.Panel value="credits" pt="md">
          <DataTable label="Credits of the project" head={["Serial range", "Units", "Vintage", "Holder", "Status", "Actions"]} empty={data.creditBlocks.edges.length === 0}>
            {data.creditBlocks.edges.map(({ node }) => (
              <Table.Tr key={node.id}>
                <Table.Td><Anchor component={Link} to={`/credits/${encodeURIComponent(node.serial)}`}><Text span size="sm" ff="monospace">{node.serial}</Text></Anchor></Table.Td>
                <Table.Td>{formatInt(node.quantity)}</Table.Td><Table.Td>{node.vintage}</Table.Td><Table.Td>{node.holder.name}</Table.Td>
                <Table.Td><StatusBadge status={node.status} /></Table.Td><Table.Td><BlockActions block={node} onDone={done} /></Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        </Tabs.Panel>
        <Tabs.Panel value="history" pt="md">
          {p.history === null ? <Text c="dimmed">You may not read this project's history.</Text> : (
            <DataTable label="Project history" head={["Ledger entry", "What", "When (UTC)"]} empty={p.history.length === 0}>
              {p.history.map((h) => <Table.Tr key={h.seq}><Table.Td><Anchor href={`/ledger/entries/${h.seq}`} target="_blank">#{h.seq}</Anchor></Table.Td><Table.Td>{label("entry", h.type)}</Table.Td><Table.Td>{new Date(h.at).toISOString().replace("T", " ").slice(0, 19)}</Table.Td></Table.Tr>)}
            </DataTable>
          )}
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
