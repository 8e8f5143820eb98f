// The developer asks for financing of their project; the government decides.
import { Checkbox, NumberInput, Select, Stack, TextInput, Textarea } from "@mantine/core";
import { useState } from "react";
import { ActionButton } from "../components/ActionButton";
import { useT } from "../i18n";
import { useEnumLabel } from "../i18n/enumLabel";
import { projects } from "../i18n/messages/projects";
import type { FinancingInstrument } from "../gql/graphql";
import { RequestFinancingMutation } from "../operations/projects";
import { useRun } from "../useRun";

const INSTRUMENTS: FinancingInstrument[] = ["GRANT", "LOAN", "CONCESSIONAL_LOAN", "NON_CONCESSIONAL_LOAN", "RESULT_BASED", "EQUITY", "GUARANTEE", "INSURANCE", "IN_KIND", "OTHER"];

export function RequestFinancing({ projectId, onDone }: { projectId: string; onDone: () => void }) {
  const run = useRun();
  const [amount, setAmount] = useState<number | string>("");
  const [instrument, setInstrument] = useState<FinancingInstrument>("GRANT");
  const [funder, setFunder] = useState("");
  const [isPublic, setPublic] = useState(true);
  const [international, setInternational] = useState(true);
  const [terms, setTerms] = useState("");
  const { t, separators } = useT(projects);
  const label = useEnumLabel();
  return (
    <ActionButton size="sm" variant="filled" label={t("request")} ready={typeof amount === "number" && amount > 0 && !!funder.trim()}
      what={t("request.what")}
      fields={<Stack gap="xs">
        <NumberInput label={t("request.amount")} required min={0.01} decimalScale={2} thousandSeparator={separators.thousand} decimalSeparator={separators.decimal} value={amount} onChange={setAmount} />
        <Select label={t("request.instrument")} value={instrument} onChange={(v) => setInstrument((v as FinancingInstrument) ?? "GRANT")} allowDeselect={false}
          data={INSTRUMENTS.map((i) => ({ value: i, label: label("financingInstrument", i) }))} />
        <TextInput label={t("request.funder")} required value={funder} onChange={(e) => setFunder(e.currentTarget.value)} />
        <Checkbox label={t("request.public")} checked={isPublic} onChange={(e) => setPublic(e.currentTarget.checked)} />
        <Checkbox label={t("request.international")} checked={international} onChange={(e) => setInternational(e.currentTarget.checked)} />
        <Textarea label={t("request.terms")} value={terms} onChange={(e) => setTerms(e.currentTarget.value)} autosize minRows={2} />
      </Stack>}
      run={() => run(RequestFinancingMutation, { input: { projectId, amount: String(amount), instrument, isPublic, isInternational: international, fromName: funder.trim(), terms: terms.trim() || null } })}
      onDone={onDone} />
  );
}
