// The signed-in person's profile and password.
import { Alert, Button, Card, Grid, PasswordInput, Select, Stack, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { useMutation } from "urql";
import { errorMessage } from "../client";
import { PageHeader } from "../components/ui";
import { useT } from "../i18n";
import { useEnumLabel } from "../i18n/enumLabel";
import { auth } from "../i18n/messages/auth";
import { ChangePasswordMutation, UpdateProfileMutation } from "../operations/auth";
import { useSession, useViewer } from "../session";
import { useOfferedLanguages } from "../components/LanguageMenu";
import { LANGUAGE_NAMES } from "../i18n";

export function ProfilePage() {
  const viewer = useViewer();
  const { refresh } = useSession();
  const [name, setName] = useState(viewer.name);
  const [phone, setPhone] = useState(viewer.phone ?? "");
  const [language, setLanguage] = useState(viewer.language);
  const offered = useOfferedLanguages();
  const { t } = useT(auth);
  const label = useEnumLabel();
  const [saved, save] = useMutation(UpdateProfileMutation);
  const [current, setCurrent] = useState("");
  const [fresh, setFresh] = useState("");
  const [changed, change] = useMutation(ChangePasswordMutation);
  return (
    <>
      <PageHeader title={t("profile.title")} />
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Card withBorder>
            <form onSubmit={async (e) => { e.preventDefault(); const r = await save({ input: { id: viewer.id, name, phone: phone || null, language } }); if (!r.error) refresh(); }}>
              <Stack>
                <Title order={3} size="h4">{t("profile.you")}</Title>
                <TextInput label={t("field.email")} value={viewer.email ?? ""} readOnly />
                <TextInput label={t("profile.organisation")} value={`${viewer.organisation.name} (${label("orgType", viewer.organisation.type)}) · ${label("role", viewer.role)}`} readOnly />
                <TextInput label={t("profile.name")} required value={name} onChange={(e) => setName(e.currentTarget.value)} />
                <TextInput label={t("profile.phone")} value={phone} onChange={(e) => setPhone(e.currentTarget.value)} />
                <Select label={t("profile.language")} data={offered.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))} value={language} onChange={(v) => setLanguage(v ?? "en")} allowDeselect={false} />
                {saved.error && <Alert color="red" role="alert">{errorMessage(saved.error)}</Alert>}
                {saved.data && <Alert color="teal" role="status">{t("profile.saved", { seq: String(saved.data.updateUser.ledgerSeq) })}</Alert>}
                <Button type="submit" loading={saved.fetching}>{t("save")}</Button>
              </Stack>
            </form>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Card withBorder>
            <form onSubmit={(e) => { e.preventDefault(); void change({ currentPassword: current, newPassword: fresh }); }}>
              <Stack>
                <Title order={3} size="h4">{t("profile.password")}</Title>
                <PasswordInput label={t("field.currentPassword")} autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.currentTarget.value)} />
                <PasswordInput label={t("field.newPassword")} description={t("password.hint", { min: 12 })} autoComplete="new-password" required value={fresh} onChange={(e) => setFresh(e.currentTarget.value)}
                  error={fresh && fresh.length < 12 ? t("password.tooShort", { min: 12 }) : undefined} />
                {changed.error && <Alert color="red" role="alert">{errorMessage(changed.error)}</Alert>}
                {changed.data && <Alert color="teal" role="status">{t("profile.passwordChanged")}</Alert>}
                <Button type="submit" loading={changed.fetching} disabled={fresh.length < 12}>{t("profile.changePassword")}</Button>
              </Stack>
            </form>
          </Card>
        </Grid.Col>
      </Grid>
    </>
  );
}
