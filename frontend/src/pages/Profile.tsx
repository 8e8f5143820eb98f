// The signed-in person's profile and password.
import { Alert, Button, Card, Grid, PasswordInput, Select, Stack, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { useMutation } from "urql";
import { errorMessage } from "../client";
import { PageHeader, humanise } from "../components/ui";
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
  const [saved, save] = useMutation(UpdateProfileMutation);
  const [current, setCurrent] = useState("");
  const [fresh, setFresh] = useState("");
  const [changed, change] = useMutation(ChangePasswordMutation);
  return (
    <>
      <PageHeader title="Profile" />
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Card withBorder>
            <form onSubmit={async (e) => { e.preventDefault(); const r = await save({ input: { id: viewer.id, name, phone: phone || null, language } }); if (!r.error) refresh(); }}>
              <Stack>
                <Title order={3} size="h4">You</Title>
                <TextInput label="E-mail" value={viewer.email ?? ""} readOnly />
                <TextInput label="Organisation" value={`${viewer.organisation.name} (${humanise(viewer.organisation.type)}) · ${humanise(viewer.role)}`} readOnly />
                <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
                <TextInput label="Phone" value={phone} onChange={(e) => setPhone(e.currentTarget.value)} />
                <Select label="Language" data={offered.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))} value={language} onChange={(v) => setLanguage(v ?? "en")} allowDeselect={false} />
                {saved.error && <Alert color="red" role="alert">{errorMessage(saved.error)}</Alert>}
                {saved.data && <Alert color="teal" role="status">Saved (ledger entry #{saved.data.updateUser.ledgerSeq}).</Alert>}
                <Button type="submit" loading={saved.fetching}>Save</Button>
              </Stack>
            </form>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Card withBorder>
            <form onSubmit={(e) => { e.preventDefault(); void change({ currentPassword: current, newPassword: fresh }); }}>
              <Stack>
                <Title order={3} size="h4">Password</Title>
                <PasswordInput label="Current password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.currentTarget.value)} />
                <PasswordInput label="New password" description="At least 12 characters." autoComplete="new-password" required value={fresh} onChange={(e) => setFresh(e.currentTarget.value)}
                  error={fresh && fresh.length < 12 ? "The password must be at least 12 characters." : undefined} />
                {changed.error && <Alert color="red" role="alert">{errorMessage(changed.error)}</Alert>}
                {changed.data && <Alert color="teal" role="status">Password changed.</Alert>}
                <Button type="submit" loading={changed.fetching} disabled={fresh.length < 12}>Change password</Button>
              </Stack>
            </form>
          </Card>
        </Grid.Col>
      </Grid>
    </>
  );
}
