// What can be done with a credit block: transfer, request, retire (the holder or the receiver).
import { Group, NumberInput, Select, Stack, TextInput } from "@mantine/core";
import { useState } from "react";
import { useQuery } from "urql";
import { ActionButton } from "../components/ActionButton";
import { formatInt } from "../components/ui";
import type { CreditBlockAction, RetirementKind } from "../gql/graphql";
import { RequestTransferMutation, RetireCreditsMutation, TransferCreditsMutation } from "../operations/credits";
import { OrganisationChoicesQuery } from "../operations/organisations";
import { useViewer } from "../session";
import { useRun } from "../useRun";

export type BlockRow = { id: string; serial: string; quantity: number; status: string; viewerMay: CreditBlockAction[] };

const RETIREMENT_KINDS: { value: RetirementKind; label: string }[] = [
  { value: "VOLUNTARY_CANCELLATION", label: "Voluntary cancellation" },
  { value: "NDC_USE", label: "Use towards an NDC" },
  { value: "FIRST_TRANSFER", label: "First transfer (Article 6.2)" },
  { value: "LEGAL_OTHER", label: "Other legal requirement" },
];

function Quantity({ max, value, onChange }: { max: number; value: number; onChange: (n: number) => void }) {
  return <NumberInput label="Units" required min={1} max={max} allowDecimal={false} value={value} onChange={(v) => onChange(typeof v === "number" ? v : 0)}
    description={`1 to ${formatInt(max)}`} error={value > max ? `At most ${formatInt(max)} units.` : undefined} />;
}

export function BlockActions({ block, onDone }: { block: BlockRow; onDone: () => void }) {
  const viewer = useViewer();
  const run = useRun();
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
        <ActionButton label="Transfer" ready={okQuantity && !!to}
          what={`Move units of ${block.serial} to another organisation now. The serial range is split; the rest stays with you.`}
          fields={<Stack gap="xs"><Quantity max={block.quantity} value={quantity} onChange={setQuantity} />
            <Select label="To organisation" required searchable data={recipients} value={to} onChange={setTo} /></Stack>}
          run={() => run(TransferCreditsMutation, { input: { blockId: block.id, quantity, toOrganisationId: to ?? "" } })} onDone={onDone} />
      )}
      {may("RETIRE") && (
        <ActionButton label="Retire" color="grape" ready={okQuantity && !!beneficiary.trim() && (kind !== "FIRST_TRANSFER" || country.length === 3)}
          what={`Retire units of ${block.serial}. Retired units can never move again; the government recognises the retirement.`}
          fields={<Stack gap="xs"><Quantity max={block.quantity} value={quantity} onChange={setQuantity} />
            <Select label="Kind of retirement" data={RETIREMENT_KINDS} value={kind} onChange={(v) => setKind((v as RetirementKind) ?? "VOLUNTARY_CANCELLATION")} allowDeselect={false} />
            <TextInput label="On behalf of" required value={beneficiary} onChange={(e) => setBeneficiary(e.currentTarget.value)} />
            {kind === "FIRST_TRANSFER" && <TextInput label="Acquiring country (ISO alpha-3)" required maxLength={3} value={country} onChange={(e) => setCountry(e.currentTarget.value.toUpperCase())} />}
          </Stack>}
          run={() => run(RetireCreditsMutation, { input: { blockId: block.id, quantity, kind, beneficiary: beneficiary.trim(), acquiringCountry: kind === "FIRST_TRANSFER" ? country : null } })} onDone={onDone} />
      )}
      {may("REQUEST_TRANSFER") && (
        <ActionButton label="Request transfer" ready={okQuantity}
          what={`Ask the holder of ${block.serial} to transfer units to you. They approve or reject it.`}
          fields={<Quantity max={block.quantity} value={quantity} onChange={setQuantity} />}
          run={() => run(RequestTransferMutation, { blockId: block.id, quantity })} onDone={onDone} />
      )}
    </Group>
  );
}
