// A credit block: serial range, holder, history, and its ledger proof verified in this browser.
import { Alert, Anchor, Badge, Card, Group, Loader, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import { useQuery } from "urql";
import { DataTable, PageHeader, QueryState, StatusBadge } from "../components/ui";
import { useT } from "../i18n";
import { useAccountName, useEnumLabel } from "../i18n/enumLabel";
import { credits } from "../i18n/messages/credits";
import { verifyEntry, type Verdict } from "../ledger/verify";
import { SerialLookupQuery } from "../operations/credits";
import { ProjectTitleQuery } from "../operations/projects";
import { BlockActions } from "./BlockActions";
import { Field } from "./OrganisationDetail";

function ProofPanel({ seqs }: { seqs: number[] }) {
  const [verdicts, setVerdicts] = useState<Verdict[] | null>(null);
  const { t, formatInt } = useT(credits);
  const label = useEnumLabel();
  const key = seqs.join(",");
  useEffect(() => {
    let live = true;
    setVerdicts(null);
    void Promise.all(seqs.map(verifyEntry)).then((v) => live && setVerdicts(v));
    return () => { live = false; };
  }, [key]); // eslint-disable-line react-hooks/exhaustive-deps
  if (!verdicts) return <Group><Loader size="sm" aria-label={t("proof.verifying")} /><Text>{t("proof.verifyingText")}</Text></Group>;
  const failed = verdicts.find((v) => !v.ok);
  const last = verdicts[verdicts.length - 1];
  return (
    <Stack gap="xs" data-testid="proof">
      {failed && !failed.ok ? (
        <Alert color="red" title={t("proof.notVerified")} role="alert" data-testid="proof-verdict">{t("proof.entry", { seq: String(failed.seq), why: t(`why.${failed.code}`, failed.params) })}</Alert>
      ) : (
        <Alert color="teal" title={t("proof.verified")} role="status" data-testid="proof-verdict">
          {t("proof.all", { count: verdicts.length })}
          {last?.ok ? t("proof.checkpoint", { size: formatInt(last.treeSize), origin: last.origin }) : ""}{t("proof.how")}
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
  const { t, formatDateTime, formatInt } = useT(credits);
  const label = useEnumLabel();
  const accountName = useAccountName();
  if (!data) return <QueryState fetching={result.fetching} error={result.error} />;
  const block = data.block;
  return (
    <Stack>
      <PageHeader title={t("block.title")}>
        <StatusBadge status={block.status} />
        <BlockActions block={block} onDone={() => refetch({ requestPolicy: "network-only" })} />
      </PageHeader>
      <Card withBorder>
        <Text ff="monospace" fw={600} size="lg" mb="sm" style={{ wordBreak: "break-all" }}>{block.serial}</Text>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Field label={t("block.serial")}>{block.serialPrefix}: {formatInt(block.serialStart)} – {formatInt(block.serialEnd)}</Field>
          <Field label={t("block.units")}>{formatInt(block.quantity)}</Field>
          <Field label={t("block.vintage")}>{block.vintage}</Field>
          <Field label={t("block.holder")}>{block.holder.organisation ? <Anchor component={Link} to={`/organisations/${block.holder.organisation.id}`}>{accountName(block.holder)}</Anchor> : accountName(block.holder)}</Field>
          <Field label={t("block.project")}><Anchor component={Link} to={`/projects/${block.projectId}`}>{project.data?.project?.title ?? t("block.projectN", { id: block.projectId })}</Anchor></Field>
          {block.itmoFirstId && <Field label={t("block.itmo")}>{block.itmoFirstId} – {block.itmoLastId}</Field>}
        </SimpleGrid>
      </Card>
      <Title order={3} size="h4">{t("block.proof")}</Title>
      <Card withBorder><ProofPanel seqs={data.history.map((h) => h.seq)} /></Card>
      <Title order={3} size="h4">{t("block.history")}</Title>
      <DataTable label={t("block.historyTable")} head={[t("history.entry"), t("history.what"), t("history.when")]} empty={data.history.length === 0}>
        {data.history.map((h) => (
          <Table.Tr key={h.seq}><Table.Td><Anchor href={`/ledger/entries/${h.seq}`} target="_blank">#{h.seq}</Anchor></Table.Td><Table.Td>{label("entry", h.type)}</Table.Td><Table.Td>{formatDateTime(h.at)}</Table.Td></Table.Tr>
        ))}
      </DataTable>
    </Stack>
  );
}
