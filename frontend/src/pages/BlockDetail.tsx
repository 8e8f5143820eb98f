// A credit block: serial range, holder, history, and its ledger proof verified in this browser.
import { Alert, Anchor, Badge, Card, Group, Loader, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import { useQuery } from "urql";
import { DataTable, PageHeader, QueryState, StatusBadge, formatDate, formatInt } from "../components/ui";
import { verifyEntry, type Verdict } from "../ledger/verify";
import { SerialLookupQuery } from "../operations/credits";
import { ProjectTitleQuery } from "../operations/projects";
import { useEnumLabel } from "../i18n/enumLabel";
import { BlockActions } from "./BlockActions";
import { Field } from "./OrganisationDetail";

function ProofPanel({ seqs }: { seqs: number[] }) {
  const [verdicts, setVerdicts] = useState<Verdict[] | null>(null);
  const label = useEnumLabel();
  const key = seqs.join(",");
  useEffect(() => {
    let live = true;
    setVerdicts(null);
    void Promise.all(seqs.map(verifyEntry)).then((v) => live && setVerdicts(v));
    return () => { live = false; };
  }, [key]); // eslint-disable-line react-hooks/exhaustive-deps
  if (!verdicts) return <Group><Loader size="sm" aria-label="Verifying" /><Text>Verifying the ledger proof in your browser…</Text></Group>;
  const failed = verdicts.find((v) => !v.ok);
  const last = verdicts[verdicts.length - 1];
  return (
    <Stack gap="xs" data-testid="proof">
      {failed && !failed.ok ? (
        <Alert color="red" title="Not verified" role="alert" data-testid="proof-verdict">Entry #{failed.seq}: {failed.why}</Alert>
      ) : (
        <Alert color="teal" title="Verified" role="status" data-testid="proof-verdict">
          All {verdicts.length} ledger entries of this block are in the registry's signed tree
          {last?.ok ? ` (checkpoint of ${formatInt(last.treeSize)} entries, log ${last.origin})` : ""}. Checked here with Web Crypto:
          the checkpoint's Ed25519 signature under the published key, each entry's RFC 6962 leaf hash, and its inclusion proof to the signed root.
        </Alert>
      )}
      <Group gap="xs">
        {verdicts.map((v) => <Badge key={v.seq} color={v.ok ? "teal" : "red"} variant="light">#{v.seq} {v.ok ? `✓ ${label("entry", v.type)}` : "✗"}</Badge>)}
      </Group>
    </Stack>
  );
}

export function BlockDetailPage() {
  const { serial = "" } = useParams();
  const [result, refetch] = useQuery({ query: SerialLookupQuery, variables: { serial } });
  const data = result.data?.serialLookup;
  const projectId = data?.block.projectId ?? "";
  const [project] = useQuery({ query: ProjectTitleQuery, variables: { id: projectId }, pause: !projectId });
  const label = useEnumLabel();
  if (!data) return <QueryState fetching={result.fetching} error={result.error} />;
  const block = data.block;
  return (
    <Stack>
      <PageHeader title="Credit block">
        <StatusBadge status={block.status} />
        <BlockActions block={block} onDone={() => refetch({ requestPolicy: "network-only" })} />
      </PageHeader>
      <Card withBorder>
        <Text ff="monospace" fw={600} size="lg" mb="sm" style={{ wordBreak: "break-all" }}>{block.serial}</Text>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Field label="Serial range">{block.serialPrefix}: {formatInt(block.serialStart)} – {formatInt(block.serialEnd)}</Field>
          <Field label="Units">{formatInt(block.quantity)}</Field>
          <Field label="Vintage">{block.vintage}</Field>
          <Field label="Holder">{block.holder.organisation ? <Anchor component={Link} to={`/organisations/${block.holder.organisation.id}`}>{block.holder.name}</Anchor> : block.holder.name}</Field>
          <Field label="Project"><Anchor component={Link} to={`/projects/${block.projectId}`}>{project.data?.project?.title ?? `Project ${block.projectId}`}</Anchor></Field>
          {block.itmoFirstId && <Field label="ITMO identifiers">{block.itmoFirstId} – {block.itmoLastId}</Field>}
        </SimpleGrid>
      </Card>
      <Title order={3} size="h4">Ledger proof</Title>
      <Card withBorder><ProofPanel seqs={data.history.map((h) => h.seq)} /></Card>
      <Title order={3} size="h4">History</Title>
      <DataTable label="Block history" head={["Ledger entry", "What", "When (UTC)"]} empty={data.history.length === 0}>
        {data.history.map((h) => (
          <Table.Tr key={h.seq}><Table.Td><Anchor href={`/ledger/entries/${h.seq}`} target="_blank">#{h.seq}</Anchor></Table.Td><Table.Td>{label("entry", h.type)}</Table.Td><Table.Td>{formatDate(h.at)}</Table.Td></Table.Tr>
        ))}
      </DataTable>
    </Stack>
  );
}
