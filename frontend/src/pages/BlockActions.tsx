// What can be done with a credit block: transfer, request, retire (the holder or the receiver).
import { Group, NumberInput, Select, Stack, TextInput } from "@mantine/core";
import { useState } from "react";
import { useQuery } from "urql";
import { ActionButton } from "../components/ActionButton";
import type { CreditBlockAction, RetirementKind } from "../gql/graphql";
import { RequestTransferMutation, RetireCreditsMutation, TransferCreditsMutation } from "../operations/credits";
import { OrganisationChoicesQuery } from "../operations/organisations";
import { useT } from "../i18n";
import { useEnumLabel } from "../i18n/enumLabel";
import { actions } from "../i18n/messages/actions";
import { useViewer } from "../session";
import { useRun } from "../useRun";

export type BlockRow = { id: string; serial: string; quantity: number; status: string; viewerMay: CreditBlockAction[] };

const RETIREMENT_KINDS: RetirementKind[] = ["VOLUNTARY_CANCELLATION", "NDC_USE", "FIRST_TRANSFER", "LEGAL_OTHER"];

function Quantity({ max, value, onChange }: { max: number; value: number; onChange: (n: number) => void }) {
  const { t, formatInt } = useT(actions);
  return <NumberInput label={t("block.units")} required min={1} max={max} allowDecimal={false} value={value} onChange={(v) => onChange(typeof v === "number" ? v : 0)}
    description={t("block.unitsRange", { max: formatInt(max) })} error={value > max ? t("block.atMost", { max: formatInt(max) }) : undefined} />;
}

export function BlockActions({ block, onDone }: { block: BlockRow; onDone: () => void }) {
  const viewer = useViewer();
  const run = useRun();
  const { t } = useT(actions);
  const label = useEnumLabel();
  const [quantity, setQuantity] = useState(1);
  const [to, setTo] = useState<string | null>(null);
  const [kind, setKind] = useState<RetirementKind>("VOLUNTARY_CANCELLATION");
  const [beneficiary, setBeneficiary] = useState("");
  const [country, setCountry] = useState("");
  const may = (action: CreditBlockAction) => block.viewerMay.includes(action);
  const canTransfer = may("TRANSFER");
  const [orgs] = useQuery({ query: OrganisationChoicesQuery, variables: {}, pause: !canTransfer });
  if (block.viewerMay.length === 0) return null;
  const okQuantity = quantity >= 1 && quantity <= block.quantity;
  const recipients = (orgs.data?.organisations.edges ?? []).map((e) => e.node).filter((o) => o.id !== viewer.organisation.id && o.type !== "GOVERNMENT").map((o) => ({ value: o.id, label: o.name }));
  return (
    <Group gap={4} wrap="nowrap">
      {canTransfer && (
        <ActionButton label={t("block.transfer")} ready={okQuantity && !!to}
          what={t("block.transfer.what", { serial: block.serial })}
          fields={<Stack gap="xs"><Quantity max={block.quantity} value={quantity} onChange={setQuantity} />
            <Select label={t("block.to")} required searchable data={recipients} value={to} onChange={setTo} /></Stack>}
          run={() => run(TransferCreditsMutation, { input: { blockId: block.id, quantity, toOrganisationId: to ?? "" } })} onDone={onDone} />
      )}
      {may("RETIRE") && (
        <ActionButton label={t("block.retire")} color="grape" ready={okQuantity && !!beneficiary.trim() && (kind !== "FIRST_TRANSFER" || country.length === 3)}
          what={t("block.retire.what", { serial: block.serial })}
          fields={<Stack gap="xs"><Quantity max={block.quantity} value={quantity} onChange={setQuantity} />
            <Select label={t("block.kind")} data={RETIREMENT_KINDS.map((value) => ({ value, label: label("retirementKind", value) }))} value={kind} onChange={(v) => setKind((v as RetirementKind) ?? "VOLUNTARY_CANCELLATION")} allowDeselect={false} />
            <TextInput label={t("block.beneficiary")} required value={beneficiary} onChange={(e) => setBeneficiary(e.currentTarget.value)} />
            {kind === "FIRST_TRANSFER" && <TextInput label={t("block.acquiring")} required maxLength={3} value={country} onChange={(e) => setCountry(e.currentTarget.value.toUpperCase())} />}
          </Stack>}
          run={() => run(RetireCreditsMutation, { input: { blockId: block.id, quantity, kind, beneficiary: beneficiary.trim(), acquiringCountry: kind === "FIRST_TRANSFER" ? country : null } })} onDone={onDone} />
      )}
      {may("REQUEST_TRANSFER") && (
        <ActionButton label={t("block.request")} ready={okQuantity}
          what={t("block.request.what", { serial: block.serial })}
          fields={<Quantity max={block.quantity} value={quantity} onChange={setQuantity} />}
          run={() => run(RequestTransferMutation, { blockId: block.id, quantity })} onDone={onDone} />
      )}
    </Group>
  );
}
