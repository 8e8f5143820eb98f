// "Add New Project": the seed's fields in steps, client checks that mirror the server's, and the
// server's BAD_USER_INPUT errors shown on the field they name (and its step).
import { Alert, Button, Chip, Group, MultiSelect, NumberInput, Paper, SegmentedControl, Select, SimpleGrid, Stack, Stepper, Text, TextInput } from "@mantine/core";
import { DateInput } from "@mantine/dates";
import { useState } from "react";
import { useNavigate } from "react-router";
import { useMutation } from "urql";
import { FileUpload } from "../components/FileUpload";
import { PageHeader } from "../components/ui";
import { REGIONS, useCountry, type Country } from "../country";
import { serverErrors } from "../fieldErrors";
import type { ActivityScope } from "../gql/graphql";
import { CreateProjectMutation } from "../operations/projects";
import { useViewer } from "../session";
import type { Uploaded } from "../upload";
import { LocationPicker, type Point } from "./LocationPicker";

const EXTERNAL_ID = /^[A-Za-z0-9 ._:/-]{1,100}$/;
const STEP_OF: Record<string, number> = {
  title: 0, externalId: 0, sector: 0, sectoralScope: 0, startDate: 0, endDate: 0, ghgs: 0, activityScope: 0,
  designDocumentId: 1, location: 1, article6Trading: 1, buyerCountries: 1,
  estimatedCredits: 2, estimatedCost: 2, minimumCarbonPrice: 2, owners: 2, environmentalAssessmentNumber: 2,
};

type Form = {
  title: string; externalId: string; sector: string | null; sectoralScope: string | null; startDate: string | null; endDate: string | null;
  ghgs: string[]; activityScope: ActivityScope; regions: string[]; point: Point | null; article6: "YES" | "NO"; buyerCountries: string;
  estimatedCredits: number | ""; estimatedCost: number | ""; eia: string;
};

function check(form: Form, design: Uploaded | null, country: Country): Record<string, string> {
  const e: Record<string, string> = {};
  if (!form.title.trim()) e["title"] = "title is required.";
  if (!EXTERNAL_ID.test(form.externalId.trim())) e["externalId"] = "externalId is 1-100 letters, digits, spaces or . _ : / -";
  if (!form.sector) e["sector"] = `sector is one of ${country.sectors.join(", ")}.`;
  if (!form.sectoralScope) e["sectoralScope"] = "unknown sectoral scope.";
  if (!form.startDate) e["startDate"] = "the start date is required.";
  if (!form.endDate) e["endDate"] = "the end date is required.";
  else if (form.startDate && form.endDate <= form.startDate) e["endDate"] = "the end date must be after the start date.";
  if (form.ghgs.length === 0) e["ghgs"] = `GHGs are one or more of ${country.ghgs.join(", ")}.`;
  if (!design) e["designDocumentId"] = "the design document is required.";
  if (form.regions.length === 0 && !form.point) e["location"] = "location: give at least one region or a point.";
  const buyers = form.buyerCountries.split(/[\s,]+/).filter(Boolean);
  if (form.article6 === "YES" && (buyers.length === 0 || buyers.some((c) => !/^[A-Za-z]{2}$/.test(c)))) {
    e["buyerCountries"] = "buyer countries are ISO 3166-1 alpha-2 codes, e.g. CH, JP, SG.";
  }
  if (!(typeof form.estimatedCredits === "number" && form.estimatedCredits >= 1)) e["estimatedCredits"] = "estimatedCredits must be between 1 and 9007199254740991.";
  if (!(typeof form.estimatedCost === "number" && form.estimatedCost > 0)) e["estimatedCost"] = "estimatedCost must be an amount with at most two decimals.";
  return e;
}

export function AddProjectPage() {
  const viewer = useViewer();
  const country = useCountry();
  const navigate = useNavigate();
  const [step, setStep] = useState(0);
  const [design, setDesign] = useState<Uploaded | null>(null);
  const [shown, setShown] = useState<Set<number>>(new Set());
  const [form, setForm] = useState<Form>({
    title: "", externalId: "", sector: null, sectoralScope: null, startDate: null, endDate: null, ghgs: [], activityScope: "CONDITIONAL",
    regions: [], point: null, article6: "NO", buyerCountries: "", estimatedCredits: "", estimatedCost: "", eia: "",
  });
  const [result, create] = useMutation(CreateProjectMutation);
  const server = serverErrors(result.error, Object.keys(STEP_OF));
  const local = check(form, design, country);
  const errorFor = (field: string) => server.fields[field] ?? (shown.has(STEP_OF[field] ?? -1) ? local[field] : undefined);
  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm({ ...form, [key]: value });
  const stepHasErrors = (s: number) => Object.keys(local).some((f) => STEP_OF[f] === s);
  const next = () => { setShown(new Set([...shown, step])); if (!stepHasErrors(step)) setStep(step + 1); };
  const submit = async () => {
    setShown(new Set([0, 1, 2]));
    if (Object.keys(local).length) { setStep(Math.min(...Object.keys(local).map((f) => STEP_OF[f] ?? 0))); return; }
    const done = await create({
      input: {
        title: form.title.trim(), externalId: form.externalId.trim(), sector: form.sector ?? "", sectoralScope: Number(form.sectoralScope),
        startDate: form.startDate ?? "", endDate: form.endDate ?? "", ghgs: form.ghgs, activityScope: form.activityScope,
        designDocumentId: design?.id ?? "",
        location: { regions: form.regions, geometry: form.point ? { type: "Point", coordinates: [form.point.lon, form.point.lat] } : null },
        owners: [{ organisationId: viewer.organisation.id, percentage: "100" }],
        estimatedCredits: Number(form.estimatedCredits), estimatedCost: String(form.estimatedCost),
        article6Trading: form.article6 === "YES",
        buyerCountries: form.article6 === "YES" ? form.buyerCountries.split(/[\s,]+/).filter(Boolean).map((c) => c.toUpperCase()) : [],
        environmentalAssessmentNumber: form.eia.trim() || null,
      },
    });
    const field = serverErrors(done.error, Object.keys(STEP_OF)).fields;
    const named = Object.keys(field)[0];
    if (named) setStep(STEP_OF[named] ?? 0);
    if (done.data) navigate(`/projects/${done.data.createProject.project.id}?created=${done.data.createProject.ledgerSeq}`);
  };

  return (
    <>
      <PageHeader title="Add New Project" />
      <Paper withBorder p="lg">
        <Stepper active={step} onStepClick={(s) => s < step && setStep(s)} allowNextStepsSelect={false} size="sm">
          <Stepper.Step label="01 Project Details" description="What and when">
            <SimpleGrid cols={{ base: 1, sm: 2 }} mt="md">
              <TextInput label="Title" required value={form.title} onChange={(e) => set("title", e.currentTarget.value)} error={errorFor("title")} />
              <TextInput label="External ID" required value={form.externalId} onChange={(e) => set("externalId", e.currentTarget.value)} error={errorFor("externalId")} />
              <Select label="Sector" required data={country.sectors} value={form.sector} onChange={(v) => set("sector", v)} error={errorFor("sector")} />
              <Select label="Sectoral Scope" required data={country.sectoralScopes} value={form.sectoralScope} onChange={(v) => set("sectoralScope", v)} searchable error={errorFor("sectoralScope")} />
              <DateInput label="Project Start Date" required value={form.startDate} onChange={(v) => set("startDate", v)} error={errorFor("startDate")} valueFormat="YYYY-MM-DD" placeholder="YYYY-MM-DD" />
              <DateInput label="Project End Date" required value={form.endDate} onChange={(v) => set("endDate", v)} error={errorFor("endDate")} valueFormat="YYYY-MM-DD" placeholder="YYYY-MM-DD" />
              <MultiSelect label="GHGs Covered" required data={country.ghgs} value={form.ghgs} onChange={(v) => set("ghgs", v)} error={errorFor("ghgs")} />
              <Stack gap={4}>
                <Text size="sm" fw={500} id="scope-label">Activity Scope</Text>
                <SegmentedControl aria-labelledby="scope-label" value={form.activityScope} onChange={(v) => set("activityScope", v as ActivityScope)}
                  data={[{ value: "CONDITIONAL", label: "Conditional" }, { value: "UNCONDITIONAL", label: "Unconditional" }]} />
              </Stack>
            </SimpleGrid>
          </Stepper.Step>
          <Stepper.Step label="02 Location and documents" description="Where, design document">
            <Stack mt="md">
              <FileUpload label="Design Document" kind="DESIGN" required value={design} onUploaded={setDesign} error={errorFor("designDocumentId")} />
              <LocationPicker regions={REGIONS} value={{ regions: form.regions, point: form.point }} error={errorFor("location")}
                onChange={(v) => setForm({ ...form, regions: v.regions, point: v.point })} />
              <Stack gap={4}>
                <Text size="sm" fw={500} id="a6-label">Article 6 Trading</Text>
                <Chip.Group value={form.article6} onChange={(v) => set("article6", v as "YES" | "NO")}>
                  <Group gap="xs" role="radiogroup" aria-labelledby="a6-label"><Chip value="YES" type="radio">Yes</Chip><Chip value="NO" type="radio">No</Chip></Group>
                </Chip.Group>
              </Stack>
              {form.article6 === "YES" && (
                <TextInput label="Buyer countries" description="ISO 3166-1 alpha-2 codes, separated by commas (e.g. CH, SG)" value={form.buyerCountries}
                  onChange={(e) => set("buyerCountries", e.currentTarget.value)} error={errorFor("buyerCountries")} />
              )}
            </Stack>
          </Stepper.Step>
          <Stepper.Step label="03 Estimates" description="Credits and cost">
            <SimpleGrid cols={{ base: 1, sm: 2 }} mt="md">
              <NumberInput label="Estimated credits (tCO2e)" required min={1} allowDecimal={false} thousandSeparator="," value={form.estimatedCredits}
                onChange={(v) => set("estimatedCredits", typeof v === "number" ? v : "")} error={errorFor("estimatedCredits")} />
              <NumberInput label="Estimated cost (USD)" required min={0} decimalScale={2} thousandSeparator="," value={form.estimatedCost}
                onChange={(v) => set("estimatedCost", typeof v === "number" ? v : "")} error={errorFor("estimatedCost")} />
              <TextInput label="Environmental assessment number" value={form.eia} onChange={(e) => set("eia", e.currentTarget.value)} error={errorFor("environmentalAssessmentNumber")} />
              <TextInput label="Owner" value={`${viewer.organisation.name} (100%)`} readOnly error={errorFor("owners")} />
            </SimpleGrid>
          </Stepper.Step>
          <Stepper.Completed>
            <Stack mt="md">
              <Text>Check the project and submit it to the government for approval. It is recorded in the ledger.</Text>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Text size="sm"><b>Title:</b> {form.title}</Text><Text size="sm"><b>External ID:</b> {form.externalId}</Text>
                <Text size="sm"><b>Sector:</b> {form.sector} · scope {form.sectoralScope}</Text><Text size="sm"><b>Dates:</b> {form.startDate} – {form.endDate}</Text>
                <Text size="sm"><b>GHGs:</b> {form.ghgs.join(", ")}</Text><Text size="sm"><b>Location:</b> {[...form.regions, form.point ? `${form.point.lat}, ${form.point.lon}` : ""].filter(Boolean).join("; ")}</Text>
              </SimpleGrid>
            </Stack>
          </Stepper.Completed>
        </Stepper>
        {server.general && <Alert color="red" role="alert" mt="md">{server.general}</Alert>}
        {Object.keys(server.fields).length > 0 && <Alert color="red" role="alert" mt="md">The registry refused the project: {Object.values(server.fields)[0]}</Alert>}
        <Group justify="space-between" mt="xl">
          <Button variant="default" disabled={step === 0} onClick={() => setStep(step - 1)}>Back</Button>
          {step < 3 ? <Button onClick={next}>Next</Button> : <Button onClick={() => void submit()} loading={result.fetching}>Submit project</Button>}
        </Group>
      </Paper>
    </>
  );
}
