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
import { useT, type T } from "../i18n";
import { useEnumLabel } from "../i18n/enumLabel";
import { addProject } from "../i18n/messages/addProject";
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

type AddProjectKey = keyof typeof addProject.en;

function check(form: Form, design: Uploaded | null, country: Country, t: T<AddProjectKey>): Record<string, string> {
  const e: Record<string, string> = {};
  if (!form.title.trim()) e["title"] = t("check.title");
  if (!EXTERNAL_ID.test(form.externalId.trim())) e["externalId"] = t("check.externalId");
  if (!form.sector) e["sector"] = t("check.sector", { sectors: country.sectorOptions.map((s) => s.label).join(", ") });
  if (!form.sectoralScope) e["sectoralScope"] = t("check.scope");
  if (!form.startDate) e["startDate"] = t("check.start");
  if (!form.endDate) e["endDate"] = t("check.end");
  else if (form.startDate && form.endDate <= form.startDate) e["endDate"] = t("check.endAfterStart");
  if (form.ghgs.length === 0) e["ghgs"] = t("check.ghgs", { ghgs: country.ghgs.join(", ") });
  if (!design) e["designDocumentId"] = t("check.design");
  if (form.regions.length === 0 && !form.point) e["location"] = t("check.location");
  const buyers = form.buyerCountries.split(/[\s,]+/).filter(Boolean);
  if (form.article6 === "YES" && (buyers.length === 0 || buyers.some((c) => !/^[A-Za-z]{2}$/.test(c)))) {
    e["buyerCountries"] = t("check.buyers");
  }
  if (!(typeof form.estimatedCredits === "number" && form.estimatedCredits >= 1)) e["estimatedCredits"] = t("check.estimatedCredits");
  if (!(typeof form.estimatedCost === "number" && form.estimatedCost > 0)) e["estimatedCost"] = t("check.estimatedCost");
  return e;
}

/** The names of the ISO 3166 codes typed so far, in the current language ("" for none). */
function buyerNames(typed: string, countryName: (code: string) => string): string {
  const codes = typed.split(/[\s,]+/).filter((c) => /^[A-Za-z]{2}$/.test(c));
  return codes.map((c) => countryName(c)).join(", ");
}

export function AddProjectPage() {
  const viewer = useViewer();
  const country = useCountry();
  const navigate = useNavigate();
  const { t, countryName, separators } = useT(addProject);
  const label = useEnumLabel();
  const [step, setStep] = useState(0);
  const [design, setDesign] = useState<Uploaded | null>(null);
  const [shown, setShown] = useState<Set<number>>(new Set());
  const [form, setForm] = useState<Form>({
    title: "", externalId: "", sector: null, sectoralScope: null, startDate: null, endDate: null, ghgs: [], activityScope: "CONDITIONAL",
    regions: [], point: null, article6: "NO", buyerCountries: "", estimatedCredits: "", estimatedCost: "", eia: "",
  });
  const [result, create] = useMutation(CreateProjectMutation);
  const server = serverErrors(result.error, Object.keys(STEP_OF));
  const local = check(form, design, country, t);
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
      <PageHeader title={t("title")} />
      <Paper withBorder p="lg">
        <Stepper active={step} onStepClick={(s) => s < step && setStep(s)} allowNextStepsSelect={false} size="sm">
          <Stepper.Step label={t("step1")} description={t("step1.hint")}>
            <SimpleGrid cols={{ base: 1, sm: 2 }} mt="md">
              <TextInput label={t("field.title")} required value={form.title} onChange={(e) => set("title", e.currentTarget.value)} error={errorFor("title")} />
              <TextInput label={t("field.externalId")} required value={form.externalId} onChange={(e) => set("externalId", e.currentTarget.value)} error={errorFor("externalId")} />
              <Select label={t("field.sector")} required data={country.sectorOptions} value={form.sector} onChange={(v) => set("sector", v)} error={errorFor("sector")} />
              <Select label={t("field.scope")} required data={country.sectoralScopes} value={form.sectoralScope} onChange={(v) => set("sectoralScope", v)} searchable error={errorFor("sectoralScope")} />
              <DateInput label={t("field.start")} required value={form.startDate} onChange={(v) => set("startDate", v)} error={errorFor("startDate")} valueFormat="YYYY-MM-DD" placeholder={t("datePlaceholder")} />
              <DateInput label={t("field.end")} required value={form.endDate} onChange={(v) => set("endDate", v)} error={errorFor("endDate")} valueFormat="YYYY-MM-DD" placeholder={t("datePlaceholder")} />
              <MultiSelect label={t("field.ghgs")} required data={country.ghgs} value={form.ghgs} onChange={(v) => set("ghgs", v)} error={errorFor("ghgs")} />
              <Stack gap={4}>
                <Text size="sm" fw={500} id="scope-label">{t("field.activityScope")}</Text>
                <SegmentedControl aria-labelledby="scope-label" value={form.activityScope} onChange={(v) => set("activityScope", v as ActivityScope)}
                  data={(["CONDITIONAL", "UNCONDITIONAL"] as const).map((value) => ({ value, label: label("activityScope", value) }))} />
              </Stack>
            </SimpleGrid>
          </Stepper.Step>
          <Stepper.Step label={t("step2")} description={t("step2.hint")}>
            <Stack mt="md">
              <FileUpload label={t("field.design")} kind="DESIGN" required value={design} onUploaded={setDesign} error={errorFor("designDocumentId")} />
              <LocationPicker regions={REGIONS} value={{ regions: form.regions, point: form.point }} error={errorFor("location")}
                onChange={(v) => setForm({ ...form, regions: v.regions, point: v.point })} />
              <Stack gap={4}>
                <Text size="sm" fw={500} id="a6-label">{t("field.article6")}</Text>
                <Chip.Group value={form.article6} onChange={(v) => set("article6", v as "YES" | "NO")}>
                  <Group gap="xs" role="radiogroup" aria-labelledby="a6-label"><Chip value="YES" type="radio">{t("yes")}</Chip><Chip value="NO" type="radio">{t("no")}</Chip></Group>
                </Chip.Group>
              </Stack>
              {form.article6 === "YES" && (
                <TextInput label={t("field.buyers")} value={form.buyerCountries}
                  description={buyerNames(form.buyerCountries, countryName) || t("field.buyers.hint")}
                  onChange={(e) => set("buyerCountries", e.currentTarget.value)} error={errorFor("buyerCountries")} />
              )}
            </Stack>
          </Stepper.Step>
          <Stepper.Step label={t("step3")} description={t("step3.hint")}>
            <SimpleGrid cols={{ base: 1, sm: 2 }} mt="md">
              <NumberInput label={t("field.estimatedCredits")} required min={1} allowDecimal={false} thousandSeparator={separators.thousand} value={form.estimatedCredits}
                onChange={(v) => set("estimatedCredits", typeof v === "number" ? v : "")} error={errorFor("estimatedCredits")} />
              <NumberInput label={t("field.estimatedCost")} required min={0} decimalScale={2} thousandSeparator={separators.thousand} decimalSeparator={separators.decimal} value={form.estimatedCost}
                onChange={(v) => set("estimatedCost", typeof v === "number" ? v : "")} error={errorFor("estimatedCost")} />
              <TextInput label={t("field.eia")} value={form.eia} onChange={(e) => set("eia", e.currentTarget.value)} error={errorFor("environmentalAssessmentNumber")} />
              <TextInput label={t("field.owner")} value={`${viewer.organisation.name} (100%)`} readOnly error={errorFor("owners")} />
            </SimpleGrid>
          </Stepper.Step>
          <Stepper.Completed>
            <Stack mt="md">
              <Text>{t("review")}</Text>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Text size="sm"><b>{t("review.title")}</b> {form.title}</Text><Text size="sm"><b>{t("review.externalId")}</b> {form.externalId}</Text>
                <Text size="sm"><b>{t("review.sector")}</b> {form.sector ? label("sector", form.sector) : ""} · {t("review.scope", { scope: form.sectoralScope ?? "" })}</Text><Text size="sm"><b>{t("review.dates")}</b> {form.startDate} – {form.endDate}</Text>
                <Text size="sm"><b>{t("review.ghgs")}</b> {form.ghgs.join(", ")}</Text><Text size="sm"><b>{t("review.location")}</b> {[...form.regions, form.point ? `${form.point.lat}, ${form.point.lon}` : ""].filter(Boolean).join("; ")}</Text>
              </SimpleGrid>
            </Stack>
          </Stepper.Completed>
        </Stepper>
        {server.general && <Alert color="red" role="alert" mt="md">{server.general}</Alert>}
        {Object.keys(server.fields).length > 0 && <Alert color="red" role="alert" mt="md">{t("refused", { message: Object.values(server.fields)[0] ?? "" })}</Alert>}
        <Group justify="space-between" mt="xl">
          <Button variant="default" disabled={step === 0} onClick={() => setStep(step - 1)}>{t("back")}</Button>
          {step < 3 ? <Button onClick={next}>{t("next")}</Button> : <Button onClick={() => void submit()} loading={result.fetching}>{t("submit")}</Button>}
        </Group>
      </Paper>
    </>
  );
}
