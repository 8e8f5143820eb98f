// The public serial-number lookup: the block holding a unit, its status ("Retired" for a retired
// unit) and the unit's history from the ledger, issuance first.
import { Alert, Button, Group, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { useQuery } from "urql";
import { errorMessage } from "../../client";
import { DataTable, StatusBadge } from "../../components/ui";
import { useT } from "../../i18n";
import { useEnumLabel } from "../../i18n/enumLabel";
import { publicMessages as messages } from "../../i18n/messages/public";
import { PublicSerialLookupQuery } from "../../operations/dashboard";

export function SerialLookup() {
  const { t, formatInt, formatDateTime } = useT(messages);
  const label = useEnumLabel();
  const [text, setText] = useState("");
  const [serial, setSerial] = useState<string | null>(null);
  const [result] = useQuery({ query: PublicSerialLookupQuery, variables: { serial: serial ?? "" }, pause: !serial });
  const found = serial ? result.data?.serialLookup : undefined;
  return (
    <Stack gap="xs">
      <Title order={2} size="h3">{t("public.lookup")}</Title>
      <form onSubmit={(e) => { e.preventDefault(); setSerial(text.trim() || null); }}>
        <Group align="flex-end" gap="xs">
          <TextInput label={t("public.lookup.field")} placeholder={t("public.lookup.placeholder")} value={text}
            onChange={(e) => setText(e.currentTarget.value)} style={{ flex: 1 }} styles={{ input: { fontFamily: "monospace" } }} />
          <Button type="submit" loading={result.fetching}>{t("public.lookup.go")}</Button>
        </Group>
      </form>
      {serial && result.error && <Alert color="red" role="alert">{errorMessage(result.error)}</Alert>}
      {found && (
        <Paper withBorder p="sm" data-testid="lookup-result">
          <SimpleGrid cols={{ base: 2, sm: 4 }} mb="sm">
            <div><Text size="xs" c="dimmed">{t("public.lookup.unit", { unit: String(found.unit) })}</Text><Text ff="monospace" size="sm">{found.block.serial}</Text></div>
            <div><Text size="xs" c="dimmed">{t("public.lookup.status")}</Text><span data-testid="lookup-status"><StatusBadge status={found.block.status} /></span></div>
            <div><Text size="xs" c="dimmed">{t("public.lookup.units")}</Text><Text size="sm">{formatInt(found.block.quantity)}</Text></div>
            <div><Text size="xs" c="dimmed">{t("public.lookup.vintage")}</Text><Text size="sm">{found.block.vintage}</Text></div>
          </SimpleGrid>
          <Text size="sm" fw={600} mb={4}>{t("public.lookup.history")}</Text>
          <DataTable label={t("public.lookup.history")} head={[t("public.lookup.seq"), t("public.lookup.what"), t("public.lookup.when")]} empty={found.history.length === 0} minWidth={0}>
            {found.history.map((h) => (
              <Table.Tr key={h.seq}><Table.Td>#{h.seq}</Table.Td><Table.Td>{label("entry", h.type)}</Table.Td><Table.Td>{formatDateTime(h.at)}</Table.Td></Table.Tr>
            ))}
          </DataTable>
        </Paper>
      )}
    </Stack>
  );
}
