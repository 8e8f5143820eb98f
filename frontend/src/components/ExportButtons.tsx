// CSV and XLSX downloads of a list exactly as the screen shows it: the same GraphQL arguments
// (filters, search, sort: the query's own variables, without paging), the screen's columns in
// the screen's order and its header words in the person's language (read from the table that
// follows the buttons). The server streams the whole list (every page), not only this page.
import { Button, Group } from "@mantine/core";
import { useRef } from "react";
import { useT } from "../i18n";
import { exportsMessages as messages } from "../i18n/messages/exports";

/** Each list's export column keys, one per column of its screen (null: a column not exported, e.g. actions;
 * a list of keys: a screen column that shows several fields, each exported, the first under the screen's
 * header and the others under it with the field's word, e.g. "Source (international)"). */
export const EXPORT_COLUMNS = {
  organisations: ["name", "taxId", "type", "numberOfProjects", "status", null],
  projects: ["number", "title", "externalId", "sector", "owners.organisation.name", ["certifiers.organisation.name", "certifiers.status"], "createdAt", "status"],
  activities: ["code", "createdAt", "title", "project.title", "project.sector", "project.owners.organisation.name", "status"],
  financings: ["createdAt", "projectId", "fromOrganisation.name", "amount", "instrument", ["isPublic", "isInternational"], "status", null],
  creditBlocks: ["serial", "quantity", "vintage", "holder.name", "status", null],
  transfers: ["createdAt", "block.serial", "quantity", "fromAccount.name", "toAccount.name", "status", null],
  retirements: ["block.serial", "quantity", "kind", "beneficiary", "status", null],
  users: ["name", "email", "phone", "organisation.name", "role", "status", null],
} as const satisfies Record<string, readonly (string | readonly string[] | null)[]>;

/** The word after the screen's header for a column's further fields (exports.ts "export.field.<key>"). */
type FieldWord = (key: string) => string;

export type ExportList = keyof typeof EXPORT_COLUMNS;
const PAGING = new Set(["first", "after", "last", "before"]);

/** The export URL: the list's arguments as the GraphQL query had them, the columns and labels. */
export function exportUrl(list: ExportList, format: "csv" | "xlsx", variables: object | undefined, headers: string[] | null, word: FieldWord = (key) => key): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(variables ?? {})) {
    if (PAGING.has(name) || value === null || value === undefined || value === "") continue;
    params.set(name, String(value));
  }
  const keys: string[] = [];
  const labels: string[] = [];
  EXPORT_COLUMNS[list].forEach((column: string | readonly string[] | null, i) => {
    if (column === null) return;
    const fields: readonly string[] = typeof column === "string" ? [column] : column;
    fields.forEach((key, n) => {
      const header = headers?.[i] ?? fields[0] ?? key;
      keys.push(key);
      labels.push(n === 0 ? header : `${header} (${word(key)})`);
    });
  });
  params.set("columns", keys.join(","));
  if (headers) params.set("labels", JSON.stringify(labels));
  return `/exports/${list}.${format}?${params.toString()}`;
}

/** The header texts of the first table after node in the page, or null if there is none yet. */
function headersAfter(node: HTMLElement | null): string[] | null {
  if (!node) return null;
  const table = Array.from(document.querySelectorAll("table")).find(
    (t) => node.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING,
  );
  if (!table) return null;
  return Array.from(table.querySelectorAll("thead th")).map((th) => (th.textContent ?? "").trim());
}

/** "CSV" and "XLSX" buttons for list; variables are the list query's (e.g. result.operation?.variables). */
export function ExportButtons({ list, variables }: { list: ExportList; variables: object | undefined }) {
  const { t } = useT(messages);
  const ref = useRef<HTMLDivElement>(null);
  const download = (format: "csv" | "xlsx") => {
    const a = document.createElement("a");
    a.href = exportUrl(list, format, variables, headersAfter(ref.current), (key) => t(`export.field.${key}` as Parameters<typeof t>[0]));
    a.download = "";
    document.body.appendChild(a);
    a.click();
    a.remove();
  };
  return (
    <Group gap={4} justify="flex-end" mb="xs" ref={ref} data-export={list}>
      <Button size="xs" variant="default" onClick={() => download("csv")} aria-label={t("export.csv.label")}>{t("export.csv")}</Button>
      <Button size="xs" variant="default" onClick={() => download("xlsx")} aria-label={t("export.xlsx.label")}>{t("export.xlsx")}</Button>
    </Group>
  );
}
