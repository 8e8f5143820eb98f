// Small shared pieces: status badges, dates, page headers, paging, query state.
import { Alert, Badge, Button, Group, Loader, Paper, Table, Text, Title } from "@mantine/core";
import { useState, type ReactNode } from "react";
import type { CombinedError } from "urql";
import { errorMessage } from "../client";
import { formattersFor, useT } from "../i18n";
import { humanise as humaniseValue, useEnumLabel, type EnumGroup } from "../i18n/enumLabel";

const COLORS: Record<string, string> = {
  ACTIVE: "teal", APPROVED: "teal", AUTHORISED: "teal", COMPLETED: "teal", CERTIFIED: "teal",
  RECOGNISED: "teal", ACCEPTED: "teal", VERIFIED: "blue", PENDING: "yellow", REQUESTED: "yellow",
  SUBMITTED: "yellow", ASSIGNED: "blue", REJECTED: "red", SUSPENDED: "red", REVOKED: "red",
  CANCELLED: "gray", DEACTIVATED: "gray", RETIRED: "grape", RESERVED: "orange",
};

/** A status in the current language; `group` names another label group than "status". */
export function StatusBadge({ status, group = "status" }: { status: string; group?: EnumGroup }) {
  const label = useEnumLabel()(group, status);
  const color = COLORS[status] ?? "gray";
  // Filled, dark enough for white text (yellow and orange get dark text): WCAG AA contrast.
  const shade = color === "yellow" || color === "orange" ? 3 : 9;
  return <Badge color={`${color}.${shade}`} autoContrast>{label}</Badge>;
}

// English-only helpers kept while screens move to useT() (which gives the current language's).
/** @deprecated use `const { formatDate } = useT()` */
export const formatDate = formattersFor("en").formatDate;
/** @deprecated use `const { formatInt } = useT()` */
export const formatInt = (n: number) => formattersFor("en").formatInt(n);
/** @deprecated use useEnumLabel() */
export const humanise = humaniseValue;

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Group justify="space-between" mb="md" wrap="wrap">
      <Title order={2}>{title}</Title>
      <Group gap="sm">{children}</Group>
    </Group>
  );
}

export function QueryState({ fetching, error }: { fetching: boolean; error?: CombinedError | undefined }) {
  const { t } = useT();
  if (error) return <Alert color="red" role="alert" title={t("error.load")}>{errorMessage(error)}</Alert>;
  if (fetching) return <Group justify="center" p="xl"><Loader aria-label={t("loading")} /></Group>;
  return null;
}

/** Cursor paging: a stack of the cursors of the pages before this one. */
export function usePaging(size = 20) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  return {
    size,
    after,
    page: cursors.length,
    reset: () => setCursors([null]),
    next: (cursor: string | null | undefined) => cursor && setCursors([...cursors, cursor]),
    previous: () => setCursors(cursors.length > 1 ? cursors.slice(0, -1) : cursors),
  };
}

export function Pager({ paging, total, endCursor }: { paging: ReturnType<typeof usePaging>; total: number; endCursor?: string | null | undefined }) {
  const { t } = useT();
  const pages = Math.max(1, Math.ceil(total / paging.size));
  return (
    <Group justify="space-between" mt="sm">
      <Text size="sm" c="dimmed">{t("pager.summary", { total, page: paging.page, pages })}</Text>
      <Group gap="xs">
        <Button size="xs" variant="default" disabled={paging.page <= 1} onClick={paging.previous}>{t("pager.previous")}</Button>
        <Button size="xs" variant="default" disabled={paging.page >= pages} onClick={() => paging.next(endCursor)}>{t("pager.next")}</Button>
      </Group>
    </Group>
  );
}

export function DataTable({ label, head, children, empty, minWidth = 640 }: { label: string; head: ReactNode[]; children: ReactNode; empty: boolean; minWidth?: number }) {
  const { t } = useT();
  return (
    <Paper withBorder radius="md" style={{ overflowX: "auto" }} tabIndex={0} role="region" aria-label={t("list.scrolls", { label })}>
      <Table striped highlightOnHover verticalSpacing="sm" aria-label={label} miw={minWidth}>
        <Table.Thead>
          <Table.Tr>{head.map((h, i) => <Table.Th key={i} scope="col">{h}</Table.Th>)}</Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {children}
          {empty && (
            <Table.Tr><Table.Td colSpan={head.length}><Text c="dimmed" ta="center" p="md">{t("list.empty")}</Text></Table.Td></Table.Tr>
          )}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
