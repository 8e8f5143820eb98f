// Self-registration of an organisation and its first admin (the government approves it).
import { Alert, Button, Grid, MultiSelect, PasswordInput, Select, Stack, TextInput, Title } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { useMutation } from "urql";
import { useCountry } from "../country";
import { serverErrors } from "../fieldErrors";
import type { OrganisationType } from "../gql/graphql";
import { RegisterOrganisationMutation } from "../operations/auth";
import { useT } from "../i18n";
import { auth } from "../i18n/messages/auth";
import { PublicFrame } from "./PublicFrame";

const FIELDS = ["name", "taxId", "type", "email", "phone", "website", "address", "adminEmail", "adminName", "adminPassword", "password", "sectoralScopes"] as const;

export function RegisterPage() {
  const [form, setForm] = useState({ name: "", taxId: "", type: "DEVELOPER", email: "", phone: "", website: "", address: "", adminName: "", adminEmail: "", adminPassword: "" });
  const [scopes, setScopes] = useState<string[]>([]);
  const { sectoralScopes } = useCountry();
  const [result, register] = useMutation(RegisterOrganisationMutation);
  const { t, lang } = useT(auth);
  const { fields, general } = serverErrors(result.error, FIELDS);
  const set = (key: keyof typeof form) => (e: { currentTarget: { value: string } }) => setForm({ ...form, [key]: e.currentTarget.value });
  const shortPassword = form.adminPassword.length > 0 && form.adminPassword.length < 12;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (shortPassword) return;
    void register({
      input: {
        organisation: {
          name: form.name, taxId: form.taxId, type: form.type as OrganisationType, email: form.email,
          phone: form.phone || null, website: form.website || null, address: form.address || null,
          sectoralScopes: scopes.map(Number),
        },
        adminName: form.adminName, adminEmail: form.adminEmail, adminPassword: form.adminPassword,
        language: lang,
      },
    });
  };
  if (result.data) {
    return (
      <PublicFrame title={t("register.received")}>
        <Alert color="teal" role="status" title={form.name}>
          {t("register.receivedText")}
        </Alert>
      </PublicFrame>
    );
  }
  return (
    <PublicFrame title={t("register.title")} wide>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={3} size="h5">{t("register.organisation")}</Title>
          <Grid>
            <Grid.Col span={{ base: 12, sm: 6 }}><TextInput label={t("register.name")} required value={form.name} onChange={set("name")} error={fields["name"]} /></Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}><TextInput label={t("register.taxId")} required value={form.taxId} onChange={set("taxId")} error={fields["taxId"]} /></Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <Select label={t("register.type")} required value={form.type} onChange={(v) => setForm({ ...form, type: v ?? "DEVELOPER" })} allowDeselect={false}
                data={(["DEVELOPER", "CERTIFIER", "PARTNER"] as const).map((value) => ({ value, label: t(`register.type.${value}`) }))} error={fields["type"]} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}><TextInput label={t("register.email")} type="email" required value={form.email} onChange={set("email")} error={fields["email"]} /></Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}><TextInput label={t("register.phone")} value={form.phone} onChange={set("phone")} error={fields["phone"]} /></Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}><TextInput label={t("register.website")} value={form.website} onChange={set("website")} error={fields["website"]} /></Grid.Col>
            <Grid.Col span={12}><TextInput label={t("register.address")} value={form.address} onChange={set("address")} error={fields["address"]} /></Grid.Col>
            <Grid.Col span={12}>
              <MultiSelect label={t("register.scopes")} data={sectoralScopes} value={scopes} onChange={setScopes} searchable error={fields["sectoralScopes"]} />
            </Grid.Col>
          </Grid>
          <Title order={3} size="h5">{t("register.admin")}</Title>
          <Grid>
            <Grid.Col span={{ base: 12, sm: 6 }}><TextInput label={t("register.adminName")} required value={form.adminName} onChange={set("adminName")} error={fields["adminName"]} /></Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}><TextInput label={t("register.adminEmail")} type="email" required value={form.adminEmail} onChange={set("adminEmail")} error={fields["adminEmail"]} /></Grid.Col>
            <Grid.Col span={12}>
              <PasswordInput label={t("field.password")} description={t("password.hint", { min: 12 })} required value={form.adminPassword} onChange={set("adminPassword")}
                error={shortPassword ? t("password.tooShort", { min: 12 }) : fields["adminPassword"] ?? fields["password"]} />
            </Grid.Col>
          </Grid>
          {general && <Alert color="red" role="alert">{general}</Alert>}
          <Button type="submit" loading={result.fetching}>{t("register.button")}</Button>
        </Stack>
      </form>
    </PublicFrame>
  );
}
