// Small shared pieces: status badges, dates, page headers, paging, query state.
import { Alert, Badge, Button, Group, Loader, Paper, Table, Text, Title } from "@mantine/core";
import { useState, type ReactNode } from "react";
import type { CombinedError } from "urql";
import { errorMessage } from "../client";

const COLORS: Record<string, string> = {
  ACTIVE: "teal", APPROVED: "teal", AUTHORISED: "teal", COMPLETED: "teal", CERTIFIED: "teal",
  RECOGNISED: "teal", ACCEPTED: "teal", VERIFIED: "blue", PENDING: "yellow", REQUESTED: "yellow",
  SUBMITTED: "yellow", ASSIGNED: "blue", REJECTED: "red", SUSPENDED: "red", REVOKED: "red",
  CANCELLED: "gray", DEACTIVATED: "gray", RETIRED: "grape", RESERVED: "orange",
};

export function StatusBadge({ status }: { status: string }) {
  const label = status === "ACTIVE" ? "Active" : status.charAt(0) + status.slice(1).toLowerCase().replace(/_/g, " ");
  const color = COLORS[status] ?? "gray";
  // Filled, dark enough for white text (yellow and orange get dark text): WCAG AA contrast.
  const shade = color === "yellow" || color === "orange" ? 3 : 9;
  return <Badge color={`${color}.${shade}`} autoContrast>{label}</Badge>;
}

const DATE = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
export function formatDate(value: string | null | undefined): string {
  if (!value) return "–";
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isNaN(date.getTime()) ? value : DATE.format(date);
}
export const formatInt = (n: number) => n.toLocaleString("en-GB");
export const humanise = (s: string) => s.charAt(0) + s.slice(1).toLowerCase().replace(/_/g, " ");

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Group justify="space-between" mb="md" wrap="wrap">
      <Title order={2}>{title}</Title>
      <Group gap="sm">{children}</Group>
    </Group>
  );
}

export function QueryState({ fetching, error }: { fetching: boolean; error?: CombinedError | undefined }) {
  if (error) return <Alert color="red" role="alert" title="Could not load">{errorMessage(error)}</Alert>;
  if (fetching) return <Group justify="center" p="xl"><Loader aria-label="Loading" /></Group>;
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
  const pages = Math.max(1, Math.ceil(total / paging.size));
  return (
    <Group justify="space-between" mt="sm">
      <Text size="sm" c="dimmed">{formatInt(total)} in all · page {paging.page} of {pages}</Text>
      <Group gap="xs">
        <Button size="xs" variant="default" disabled={paging.page <= 1} onClick={paging.previous}>Previous</Button>
        <Button size="xs" variant="default" disabled={paging.page >= pages} onClick={() => paging.next(endCursor)}>Next</Button>
      </Group>
    </Group>
  );
}

export function DataTable({ label, head, children, empty, minWidth = 640 }: { label: string; head: ReactNode[]; children: ReactNode; empty: boolean; minWidth?: number }) {
  return (
    <Paper withBorder radius="md" style={{ overflowX: "auto" }} tabIndex={0} role="region" aria-label={`${label} (scrolls sideways on narrow screens)`}>
      <Table striped highlightOnHover verticalSpacing="sm" aria-label={label} miw={minWidth}>
        <Table.Thead>
          <Table.Tr>{head.map((h, i) => <Table.Th key={i} scope="col">{h}</Table.Th>)}</Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {children}
          {empty && (
            <Table.Tr><Table.Td colSpan={head.length}><Text c="dimmed" ta="center" p="md">Nothing here yet.</Text></Table.Td></Table.Tr>
          )}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
