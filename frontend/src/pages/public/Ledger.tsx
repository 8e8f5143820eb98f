// The latest signed checkpoint and how anyone verifies the whole ledger offline (README: "Verify
// offline"): the export, the public key and the registry's own verifier command.
import { Anchor, Code, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useT } from "../../i18n";
import { publicMessages as messages } from "../../i18n/messages/public";

type Checkpoint = { size: number; rootHash: string; note: string };

const COMMANDS = [
  "curl -o ledger.jsonl ORIGIN/ledger/export",
  "curl -o registry.vkey ORIGIN/ledger/public-key",
  "curl -o kept-note.txt ORIGIN/ledger/checkpoint",
  "carbon-registry ledger verify ledger.jsonl --public-key registry.vkey --checkpoint kept-note.txt",
];

export function LedgerHowTo({ checkpoint }: { checkpoint: Checkpoint | null }) {
  const { t } = useT(messages);
  const origin = window.location.origin;
  return (
    <Paper withBorder p="md" data-testid="ledger-howto">
      <Stack gap="xs">
        <Title order={2} size="h3">{t("public.ledger")}</Title>
        {checkpoint ? (
          <>
            <Text fw={600} data-testid="checkpoint-size">{t("public.ledger.size", { size: checkpoint.size })}</Text>
            <Text size="sm">{t("public.ledger.root")}: <Code>{checkpoint.rootHash}</Code></Text>
            <Text size="sm">{t("public.ledger.note")}:</Text>
            <Code block>{checkpoint.note}</Code>
          </>
        ) : <Text c="dimmed">{t("public.ledger.none")}</Text>}
        <Group gap="lg">
          <Anchor href="/ledger/export" download>{t("public.ledger.export")}</Anchor>
          <Anchor href="/ledger/public-key">{t("public.ledger.key")}</Anchor>
          <Anchor href="/ledger/checkpoint">{t("public.ledger.checkpoint")}</Anchor>
        </Group>
        <Text size="sm">{t("public.ledger.how")}</Text>
        <Code block data-testid="verify-commands">{COMMANDS.map((c) => c.replace("ORIGIN", origin)).join("\n")}</Code>
        <Text size="sm" c="dimmed">{t("public.ledger.keep")}</Text>
      </Stack>
    </Paper>
  );
}
