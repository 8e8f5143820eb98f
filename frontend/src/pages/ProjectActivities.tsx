// A project's activities and monitoring reports, with each role's step: add, submit, verify,
// approve, issue.
import { Card, Group, NumberInput, Select, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { DateInput } from "@mantine/dates";
import { useState } from "react";
import { ActionButton } from "../components/ActionButton";
import { FileUpload } from "../components/FileUpload";
import { StatusBadge } from "../components/ui";
import { useT } from "../i18n";
import { useEnumLabel } from "../i18n/enumLabel";
import { projects } from "../i18n/messages/projects";
import type { ActivityType } from "../gql/graphql";
import { IssueCreditsMutation } from "../operations/credits";
import {
  AddActivityMutation, ApproveActivityMutation, RejectActivityMutation, SubmitMonitoringReportMutation,
  VerifyMonitoringReportMutation,
} from "../operations/projects";
import type { Uploaded } from "../upload";
import { useRun } from "../useRun";
import { ACTIVITY_TYPES } from "./Activities";
import type { ProjectData } from "./ProjectActions";

type ActivityData = ProjectData["activities"][number];
type ReportData = ActivityData["monitoringReports"][number];

function AddActivity({ project, onDone }: { project: ProjectData; onDone: () => void }) {
  const run = useRun();
  const [type, setType] = useState<ActivityType>("M");
  const [title, setTitle] = useState("");
  const [methodology, setMethodology] = useState("");
  const [estimate, setEstimate] = useState<number | string>("");
  const { t } = useT(projects);
  const label = useEnumLabel();
  return (
    <ActionButton size="sm" variant="filled" label={t("activity.add")} ready={!!title.trim() && !!methodology.trim() && typeof estimate === "number" && estimate > 0}
      what={t("activity.add.what")}
      fields={<Stack gap="xs">
        <Select label={t("activity.kind")} value={type} onChange={(v) => setType((v as ActivityType) ?? "M")} allowDeselect={false} data={ACTIVITY_TYPES.map((value) => ({ value, label: label("activityType", value) }))} />
        <TextInput label={t("activity.title")} required value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
        <TextInput label={t("activity.methodology")} required value={methodology} onChange={(e) => setMethodology(e.currentTarget.value)} />
        <NumberInput label={t("activity.estimatedCredits")} required min={1} allowDecimal={false} value={estimate} onChange={setEstimate} />
      </Stack>}
      run={() => run(AddActivityMutation, { input: { projectId: project.id, type, title: title.trim(), methodology: methodology.trim(), estimatedCredits: Number(estimate) } })} onDone={onDone} />
  );
}

function SubmitReport({ activity, onDone }: { activity: ActivityData; onDone: () => void }) {
  const run = useRun();
  const [start, setStart] = useState<string | null>(null);
  const [end, setEnd] = useState<string | null>(null);
  const [claimed, setClaimed] = useState<number | string>("");
  const [doc, setDoc] = useState<Uploaded | null>(null);
  const { t } = useT(projects);
  return (
    <ActionButton label={t("report.submit")} ready={!!start && !!end && end > start && typeof claimed === "number" && claimed > 0 && !!doc}
      what={t("report.submit.what", { code: activity.code })}
      fields={<Stack gap="xs">
        <Group grow>
          <DateInput label={t("report.periodStart")} valueFormat="YYYY-MM-DD" placeholder={t("datePlaceholder")} required value={start} onChange={setStart} />
          <DateInput label={t("report.periodEnd")} valueFormat="YYYY-MM-DD" placeholder={t("datePlaceholder")} required value={end} onChange={setEnd} error={start && end && end <= start ? t("report.endAfterStart") : undefined} />
        </Group>
        <NumberInput label={t("report.claimed")} required min={1} allowDecimal={false} value={claimed} onChange={setClaimed} />
        <FileUpload label={t("report.file")} kind="MONITORING_REPORT" required onUploaded={setDoc} />
      </Stack>}
      run={() => run(SubmitMonitoringReportMutation, { input: { activityId: activity.id, periodStart: start ?? "", periodEnd: end ?? "", claimedReductions: Number(claimed), documentId: doc?.id ?? "" } })} onDone={onDone} />
  );
}

function ReportActions({ report, onDone }: { report: ReportData; onDone: () => void }) {
  const run = useRun();
  const [verified, setVerified] = useState<number | string>(report.claimedReductions);
  const { t, formatInt } = useT(projects);
  if (report.viewerMay.includes("VERIFY")) {
    return (
      <ActionButton label={t("report.verify")} color="blue" ready={typeof verified === "number" && verified > 0}
        what={t("report.verify.what")}
        fields={<NumberInput label={t("report.verifiedQuantity")} required min={1} allowDecimal={false} value={verified} onChange={setVerified} />}
        run={() => run(VerifyMonitoringReportMutation, { input: { reportId: report.id, verifiedQuantity: Number(verified) } })} onDone={onDone} />
    );
  }
  if (report.viewerMay.includes("ISSUE_CREDITS")) {
    return (
      <ActionButton label={t("report.issue")} color="teal" what={t("report.issue.what", { quantity: formatInt(report.verifiedQuantity ?? 0) })}
        run={() => run(IssueCreditsMutation, { monitoringReportId: report.id })} onDone={onDone} />
    );
  }
  return null;
}

export function ProjectActivities({ project, onDone }: { project: ProjectData; onDone: () => void }) {
  const run = useRun();
  const { t, formatDate, formatInt } = useT(projects);
  const label = useEnumLabel();
  return (
    <Stack>
      {project.viewerMay.includes("ADD_ACTIVITY") && <Group><AddActivity project={project} onDone={onDone} /></Group>}
      {project.activities.length === 0 && <Text c="dimmed">{t("activities.none")}</Text>}
      {project.activities.map((a) => (
        <Card withBorder key={a.id}>
          <Group justify="space-between" mb="xs">
            <div>
              <Title order={4} size="h5">{a.code} · {label("activityType", a.type)}: {a.title}</Title>
              <Text size="sm" c="dimmed">{t("activities.summary", { methodology: a.methodology, estimated: formatInt(a.estimatedCredits), verified: formatInt(a.verifiedCredits) })}</Text>
            </div>
            <Group gap="xs">
              <StatusBadge status={a.status} />
              {a.viewerMay.includes("APPROVE") && (
                  <ActionButton label={t("activity.approve")} color="teal" what={t("activity.approve.what", { code: a.code })} run={() => run(ApproveActivityMutation, { id: a.id })} onDone={onDone} />
              )}
              {a.viewerMay.includes("REJECT") && (
                  <ActionButton label={t("activity.reject")} color="red" needsReason what={t("activity.reject.what", { code: a.code })} run={(reason) => run(RejectActivityMutation, { id: a.id, reason })} onDone={onDone} />
              )}
              {a.viewerMay.includes("SUBMIT_MONITORING") && <SubmitReport activity={a} onDone={onDone} />}
            </Group>
          </Group>
          {a.monitoringReports.length > 0 && (
            <Table aria-label={t("reports.table", { code: a.code })} verticalSpacing="xs">
              <Table.Thead><Table.Tr><Table.Th>{t("reports.period")}</Table.Th><Table.Th>{t("reports.claimed")}</Table.Th><Table.Th>{t("reports.verified")}</Table.Th><Table.Th>{t("reports.verifiedBy")}</Table.Th><Table.Th>{t("col.status")}</Table.Th><Table.Th>{t("col.actions")}</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {a.monitoringReports.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>{formatDate(r.periodStart)} – {formatDate(r.periodEnd)}</Table.Td>
                    <Table.Td>{formatInt(r.claimedReductions)}</Table.Td>
                    <Table.Td>{r.verifiedQuantity != null ? formatInt(r.verifiedQuantity) : "–"}</Table.Td>
                    <Table.Td>{r.verifiedBy?.name ?? "–"}</Table.Td>
                    <Table.Td><StatusBadge status={r.status} /></Table.Td>
                    <Table.Td><ReportActions report={r} onDone={onDone} /></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Card>
      ))}
    </Stack>
  );
}
