// A project's activities and monitoring reports, with each role's step: add, submit, verify,
// approve, issue.
import { Card, Group, NumberInput, Select, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { DateInput } from "@mantine/dates";
import { useState } from "react";
import { ActionButton } from "../components/ActionButton";
import { FileUpload } from "../components/FileUpload";
import { StatusBadge, formatDate, formatInt } from "../components/ui";
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
  return (
    <ActionButton size="sm" variant="filled" label="Add activity" ready={!!title.trim() && !!methodology.trim() && typeof estimate === "number" && estimate > 0}
      what="Add an activity to this project; the government approves it once a monitoring report is verified."
      fields={<Stack gap="xs">
        <Select label="Kind" value={type} onChange={(v) => setType((v as ActivityType) ?? "M")} allowDeselect={false} data={Object.entries(ACTIVITY_TYPES).map(([value, label]) => ({ value, label }))} />
        <TextInput label="Title" required value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
        <TextInput label="Methodology" required value={methodology} onChange={(e) => setMethodology(e.currentTarget.value)} />
        <NumberInput label="Estimated credits" required min={1} allowDecimal={false} value={estimate} onChange={setEstimate} />
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
  return (
    <ActionButton label="Submit monitoring report" ready={!!start && !!end && end > start && typeof claimed === "number" && claimed > 0 && !!doc}
      what={`Submit a monitoring report for ${activity.code}; the assigned certifier verifies it.`}
      fields={<Stack gap="xs">
        <Group grow>
          <DateInput label="Period start" valueFormat="YYYY-MM-DD" placeholder="YYYY-MM-DD" required value={start} onChange={setStart} />
          <DateInput label="Period end" valueFormat="YYYY-MM-DD" placeholder="YYYY-MM-DD" required value={end} onChange={setEnd} error={start && end && end <= start ? "the end date must be after the start date." : undefined} />
        </Group>
        <NumberInput label="Claimed reductions (tCO2e)" required min={1} allowDecimal={false} value={claimed} onChange={setClaimed} />
        <FileUpload label="Monitoring report" kind="MONITORING_REPORT" required onUploaded={setDoc} />
      </Stack>}
      run={() => run(SubmitMonitoringReportMutation, { input: { activityId: activity.id, periodStart: start ?? "", periodEnd: end ?? "", claimedReductions: Number(claimed), documentId: doc?.id ?? "" } })} onDone={onDone} />
  );
}

function ReportActions({ report, onDone }: { report: ReportData; onDone: () => void }) {
  const run = useRun();
  const [verified, setVerified] = useState<number | string>(report.claimedReductions);
  if (report.viewerMay.includes("VERIFY")) {
    return (
      <ActionButton label="Verify" color="blue" ready={typeof verified === "number" && verified > 0}
        what="Verify this monitoring report with the quantity you found."
        fields={<NumberInput label="Verified quantity (tCO2e)" required min={1} allowDecimal={false} value={verified} onChange={setVerified} />}
        run={() => run(VerifyMonitoringReportMutation, { input: { reportId: report.id, verifiedQuantity: Number(verified) } })} onDone={onDone} />
    );
  }
  if (report.viewerMay.includes("ISSUE_CREDITS")) {
    return (
      <ActionButton label="Issue credits" color="teal" what={`Issue ${formatInt(report.verifiedQuantity ?? 0)} credits for this period to the project's owners (less the share of proceeds and OMGE).`}
        run={() => run(IssueCreditsMutation, { monitoringReportId: report.id })} onDone={onDone} />
    );
  }
  return null;
}

export function ProjectActivities({ project, onDone }: { project: ProjectData; onDone: () => void }) {
  const run = useRun();
  return (
    <Stack>
      {project.viewerMay.includes("ADD_ACTIVITY") && <Group><AddActivity project={project} onDone={onDone} /></Group>}
      {project.activities.length === 0 && <Text c="dimmed">No activities yet.</Text>}
      {project.activities.map((a) => (
        <Card withBorder key={a.id}>
          <Group justify="space-between" mb="xs">
            <div>
              <Title order={4} size="h5">{a.code} · {ACTIVITY_TYPES[a.type]}: {a.title}</Title>
              <Text size="sm" c="dimmed">{a.methodology} · estimated {formatInt(a.estimatedCredits)} · verified {formatInt(a.verifiedCredits)}</Text>
            </div>
            <Group gap="xs">
              <StatusBadge status={a.status} />
              {a.viewerMay.includes("APPROVE") && (
                  <ActionButton label="Approve activity" color="teal" what={`Approve ${a.code} and its verified monitoring reports.`} run={() => run(ApproveActivityMutation, { id: a.id })} onDone={onDone} />
              )}
              {a.viewerMay.includes("REJECT") && (
                  <ActionButton label="Reject activity" color="red" needsReason what={`Reject ${a.code}.`} run={(reason) => run(RejectActivityMutation, { id: a.id, reason })} onDone={onDone} />
              )}
              {a.viewerMay.includes("SUBMIT_MONITORING") && <SubmitReport activity={a} onDone={onDone} />}
            </Group>
          </Group>
          {a.monitoringReports.length > 0 && (
            <Table aria-label={`Monitoring reports of ${a.code}`} verticalSpacing="xs">
              <Table.Thead><Table.Tr><Table.Th>Period</Table.Th><Table.Th>Claimed</Table.Th><Table.Th>Verified</Table.Th><Table.Th>Verified by</Table.Th><Table.Th>Status</Table.Th><Table.Th>Actions</Table.Th></Table.Tr></Table.Thead>
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
