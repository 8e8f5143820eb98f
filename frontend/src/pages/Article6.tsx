// Article 6.2: cooperative approaches, authorisations of projects' units, ITMO blocks and first
// transfers; government records approaches and grants authorisations (each with a confirmation
// saying what will happen and the ledger entry it was recorded at).
import { Anchor, MultiSelect, NumberInput, Select, Stack, Table, TagsInput, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";
import { ActionButton } from "../components/ActionButton";
import { useCountry } from "../country";
import { serverErrors } from "../fieldErrors";
import { DataTable, PageHeader, Pager, QueryState, StatusBadge, usePaging } from "../components/ui";
import type { AuthorizationPurpose, FirstTransferDefinition } from "../gql/graphql";
import { useT } from "../i18n";
import { useEnumLabel } from "../i18n/enumLabel";
import { article6 } from "../i18n/messages/article6";
import {
  Article6Query, CooperativeApproachesQuery, CreateCooperativeApproachMutation, FirstTransfersQuery,
  GrantArticle6AuthorisationMutation, ItmoBlocksQuery,
} from "../operations/article6";
import { useRun } from "../useRun";

const PURPOSES: AuthorizationPurpose[] = ["NDC", "OIMP", "NDC_AND_OIMP"];
const FIRST_TRANSFERS: FirstTransferDefinition[] = ["AUTHORIZATION", "ISSUANCE", "USE_OR_CANCELLATION"];
// The input fields a BAD_USER_INPUT of grantArticle6Authorisation may name (extensions.field).
const GRANT_FIELDS = [
  "cooperativeApproachId", "authorizationId", "authorizedOn", "quantity", "purpose", "firstTransferDefinition",
  "sectors", "activityTypes", "authorizedEntities",
] as const;
type GrantField = (typeof GRANT_FIELDS)[number];

function NewApproach({ onDone }: { onDone: () => void }) {
  const { t } = useT(article6);
  const run = useRun();
  const [code, setCode] = useState("");
  const [name, setName] = useState("");
  const [parties, setParties] = useState("");
  const list = parties.split(",").map((p) => p.trim().toUpperCase()).filter(Boolean);
  return (
    <ActionButton label={t("new")} variant="filled" size="sm" ready={/^CA\d{4}$/.test(code) && !!name.trim() && list.length > 1}
      what={t("new.what", { code: code || "CA…", parties: list.join(", ") || "…" })}
      fields={<Stack gap="xs">
        <TextInput label={t("field.code")} required value={code} onChange={(e) => setCode(e.currentTarget.value.toUpperCase())} />
        <TextInput label={t("field.name")} required value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <TextInput label={t("field.parties")} required value={parties} onChange={(e) => setParties(e.currentTarget.value)} />
      </Stack>}
      run={() => run(CreateCooperativeApproachMutation, { input: { code, name: name.trim(), parties: list } })} onDone={onDone} />
  );
}

/** Grant an authorisation of an AUTHORISED project's units (project page, viewerMay). */
export function GrantAuthorisation({ project, onDone }: { project: { id: string; title: string; sector: string }; onDone: () => void }) {
  const { t } = useT(article6);
  const label = useEnumLabel();
  const run = useRun();
  const country = useCountry();
  const [approaches] = useQuery({ query: CooperativeApproachesQuery });
  const [approach, setApproach] = useState<string | null>(null);
  const [reference, setReference] = useState("");
  const [on, setOn] = useState(new Date().toISOString().slice(0, 10));
  const [quantity, setQuantity] = useState<number | string>(1000);
  const [purpose, setPurpose] = useState<AuthorizationPurpose>("NDC");
  const [first, setFirst] = useState<FirstTransferDefinition | null>(null);
  const [sectors, setSectors] = useState<string[]>([project.sector]);
  const [activityTypes, setActivityTypes] = useState<string[]>([]);
  const [entities, setEntities] = useState<string[]>([]);
  // The server's BAD_USER_INPUT, on the field it names, until that field is edited.
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<GrantField, string>>>({});
  const errorOn = (field: GrantField) => fieldErrors[field];
  const edited = (field: GrantField) => setFieldErrors((shown) => ({ ...shown, [field]: undefined }));
  const list = approaches.data?.cooperativeApproaches ?? [];
  const chosen = list.find((a) => a.id === approach);
  const oimp = purpose !== "NDC";
  const ok = !!chosen && !!reference.trim() && /^\d{4}-\d{2}-\d{2}$/.test(on) && typeof quantity === "number" && quantity >= 1 && (!oimp || !!first);
  return (
    <ActionButton size="sm" label={t("grant")} color="teal" ready={ok}
      what={chosen && typeof quantity === "number"
        ? t("grant.what", { quantity, title: project.title, approach: chosen.code, purpose: label("authorizationPurpose", purpose) })
        : t("grant.whatShort", { title: project.title })}
      fields={<Stack gap="xs">
        <Select label={t("field.approach")} required value={approach} onChange={(v) => { setApproach(v); edited("cooperativeApproachId"); }}
          data={list.map((a) => ({ value: a.id, label: `${a.code} · ${a.name}` }))} error={errorOn("cooperativeApproachId")} />
        <TextInput label={t("field.authorisationId")} required value={reference} error={errorOn("authorizationId")}
          onChange={(e) => { setReference(e.currentTarget.value); edited("authorizationId"); }} />
        <TextInput label={t("field.date")} required value={on} error={errorOn("authorizedOn")}
          onChange={(e) => { setOn(e.currentTarget.value); edited("authorizedOn"); }} />
        <NumberInput label={t("field.quantity")} required min={1} allowDecimal={false} value={quantity} error={errorOn("quantity")}
          onChange={(v) => { setQuantity(v); edited("quantity"); }} />
        <Select label={t("field.purpose")} value={purpose} allowDeselect={false} onChange={(v) => { setPurpose((v as AuthorizationPurpose) ?? "NDC"); edited("purpose"); }}
          data={PURPOSES.map((p) => ({ value: p, label: label("authorizationPurpose", p) }))} error={errorOn("purpose")} />
        {oimp && <Select label={t("field.firstTransfer")} required value={first} onChange={(v) => { setFirst(v as FirstTransferDefinition | null); edited("firstTransferDefinition"); }}
          data={FIRST_TRANSFERS.map((f) => ({ value: f, label: label("firstTransfer", f) }))} error={errorOn("firstTransferDefinition")} />}
        <MultiSelect label={t("field.sectors")} data={country.sectorOptions} value={sectors} error={errorOn("sectors")}
          onChange={(v) => { setSectors(v); edited("sectors"); }} />
        <TagsInput label={t("field.activityTypes")} description={t("field.tagsHint")} value={activityTypes} error={errorOn("activityTypes")}
          onChange={(v) => { setActivityTypes(v); edited("activityTypes"); }} />
        <TagsInput label={t("field.entities")} description={t("field.tagsHint")} value={entities} error={errorOn("authorizedEntities")}
          onChange={(v) => { setEntities(v); edited("authorizedEntities"); }} />
      </Stack>}
      run={async () => {
        const result = await run(GrantArticle6AuthorisationMutation, { input: {
          projectId: project.id, cooperativeApproachId: approach ?? "", authorizationId: reference.trim(), authorizedOn: on,
          quantity: Number(quantity), metric: "GHG", purpose, authorizedParties: chosen?.parties ?? [],
          firstTransferDefinition: oimp ? first : null, sectors, activityTypes, authorizedEntities: entities,
        } });
        setFieldErrors(serverErrors(result.error, GRANT_FIELDS).fields);
        return result;
      }} onDone={onDone} />
  );
}

/** The ITMO blocks (creditBlocks(itmo: true)), paged by the server. */
function ItmoBlocks() {
  const { t, formatInt } = useT(article6);
  const paging = usePaging();
  const [result] = useQuery({ query: ItmoBlocksQuery, variables: { first: paging.size, after: paging.after } });
  const conn = result.data?.creditBlocks;
  return (
    <>
      <Title order={3} size="h4">{t("itmos")}</Title>
      <QueryState fetching={result.fetching && !conn} error={result.error} />
      {conn && (
        <>
          <DataTable label={t("itmos")} head={[t("col.block"), t("col.itmoIds"), t("col.quantity"), t("col.holder"), t("col.status")]} empty={conn.edges.length === 0}>
            {conn.edges.map(({ node: b }) => (
              <Table.Tr key={b.id}>
                <Table.Td><Anchor component={Link} to={`/credits/${b.serial}`} ff="monospace" size="sm">{b.serial}</Anchor></Table.Td>
                <Table.Td><Text size="sm" ff="monospace">{b.itmoFirstId} – {b.itmoLastId}</Text></Table.Td>
                <Table.Td>{formatInt(b.quantity)}</Table.Td>
                <Table.Td>{b.holder.name}</Table.Td>
                <Table.Td><StatusBadge status={b.status} /></Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
          <Pager paging={paging} total={conn.totalCount} endCursor={conn.edges[conn.edges.length - 1]?.cursor} />
        </>
      )}
    </>
  );
}

/** The first transfers (retirements(kind: FIRST_TRANSFER)), paged by the server. */
function FirstTransfers() {
  const { t, formatInt } = useT(article6);
  const paging = usePaging();
  const [result] = useQuery({ query: FirstTransfersQuery, variables: { first: paging.size, after: paging.after } });
  const conn = result.data?.retirements;
  return (
    <>
      <Title order={3} size="h4">{t("firstTransfers")}</Title>
      <QueryState fetching={result.fetching && !conn} error={result.error} />
      {conn && (
        <>
          <DataTable label={t("firstTransfers")} head={[t("col.block"), t("col.quantity"), t("col.country"), t("col.beneficiary"), t("col.status")]} empty={conn.edges.length === 0}>
            {conn.edges.map(({ node: r }) => (
              <Table.Tr key={r.id}>
                <Table.Td><Anchor component={Link} to={`/credits/${r.block.serial}`} ff="monospace" size="sm">{r.block.serial}</Anchor></Table.Td>
                <Table.Td>{formatInt(r.quantity)}</Table.Td>
                <Table.Td>{r.acquiringCountry ?? "–"}</Table.Td>
                <Table.Td>{r.beneficiary}</Table.Td>
                <Table.Td><StatusBadge status={r.status} /></Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
          <Pager paging={paging} total={conn.totalCount} endCursor={conn.edges[conn.edges.length - 1]?.cursor} />
        </>
      )}
    </>
  );
}

export function Article6Page() {
  const { t, formatDate, formatInt } = useT(article6);
  const label = useEnumLabel();
  const [result, refetch] = useQuery({ query: Article6Query });
  const data = result.data;
  const done = () => refetch({ requestPolicy: "network-only" });
  if (!data) return <QueryState fetching={result.fetching} error={result.error} />;
  return (
    <Stack>
      <PageHeader title={t("title")}>{data.viewerMay.includes("MANAGE_ARTICLE6") && <NewApproach onDone={done} />}</PageHeader>
      <Text c="dimmed">{t("intro")}</Text>
      <Title order={3} size="h4">{t("approaches")}</Title>
      <DataTable label={t("approaches")} head={[t("col.code"), t("col.name"), t("col.parties")]} empty={data.cooperativeApproaches.length === 0}>
        {data.cooperativeApproaches.map((a) => (
          <Table.Tr key={a.id}><Table.Td>{a.code}</Table.Td><Table.Td>{a.name}</Table.Td><Table.Td>{a.parties.join(", ")}</Table.Td></Table.Tr>
        ))}
      </DataTable>
      <Title order={3} size="h4">{t("authorisations")}</Title>
      <DataTable label={t("authorisations")} empty={data.authorizations.length === 0}
        head={[t("col.authorisation"), t("col.approach"), t("col.project"), t("col.quantity"), t("col.purpose"), t("col.date"), t("col.version")]}>
        {data.authorizations.map((a) => (
          <Table.Tr key={a.id}>
            <Table.Td>{a.authorizationId}</Table.Td>
            <Table.Td>{a.cooperativeApproach.code}</Table.Td>
            <Table.Td><Anchor component={Link} to={`/projects/${a.projectId}`}>{a.project.title}</Anchor></Table.Td>
            <Table.Td>{formatInt(a.quantity)}</Table.Td>
            <Table.Td>{label("authorizationPurpose", a.purpose)}</Table.Td>
            <Table.Td>{formatDate(a.authorizedOn)}</Table.Td>
            <Table.Td>{a.version}</Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
      <ItmoBlocks />
      <FirstTransfers />
    </Stack>
  );
}
