// Sign-in, forgotten password, reset and first-time password (an invitation's token).
import { Alert, Button, Divider, PasswordInput, Stack, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { Navigate, useNavigate, useParams, useSearchParams } from "react-router";
import { useMutation, useQuery } from "urql";
import { errorMessage } from "../client";
import { IdentityProvidersQuery, LoginMutation, RequestPasswordResetMutation, ResetPasswordMutation } from "../operations/auth";
import { useSession } from "../session";
import { useT } from "../i18n";
import { auth } from "../i18n/messages/auth";
import { PublicFrame } from "./PublicFrame";

const MIN_PASSWORD = 12;

/** Only a path of this site, never another origin, is a place to go back to. */
function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

export function SignInPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const { viewer, refresh } = useSession();
  const navigate = useNavigate();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [result, login] = useMutation(LoginMutation);
  const [providers] = useQuery({ query: IdentityProvidersQuery });
  const { t } = useT(auth);
  if (viewer) return <Navigate to={next} replace />;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const done = await login({ email, password });
    if (!done.error) {
      refresh();
      navigate(next, { replace: true });
    }
  };
  return (
    <PublicFrame title={t("signIn.title")}>
      <form onSubmit={submit}>
        <Stack>
          {params.get("next") && !result.error && <Alert color="blue">{t("signIn.continue")}</Alert>}
          <TextInput label={t("field.email")} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
          <PasswordInput label={t("field.password")} autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
          {result.error && <Alert color="red" role="alert">{errorMessage(result.error)}</Alert>}
          <Button type="submit" loading={result.fetching}>{t("signIn.button")}</Button>
          {(providers.data?.identityProviders.length ?? 0) > 0 && <Divider label={t("signIn.or")} labelPosition="center" />}
          {providers.data?.identityProviders.map((p) => (
            <Button key={p.id} component="a" href={p.loginPath} variant="outline">{t("signIn.with", { provider: p.displayName })}</Button>
          ))}
        </Stack>
      </form>
    </PublicFrame>
  );
}

export function ForgotPasswordPage() {
  const [email, setEmail] = useState("");
  const [result, request] = useMutation(RequestPasswordResetMutation);
  const { t } = useT(auth);
  return (
    <PublicFrame title={t("forgot.title")}>
      {result.data ? (
        <Alert color="teal" role="status">{t("forgot.sent")}</Alert>
      ) : (
        <form onSubmit={(e) => { e.preventDefault(); void request({ email }); }}>
          <Stack>
            <TextInput label={t("field.email")} type="email" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
            {result.error && <Alert color="red" role="alert">{errorMessage(result.error)}</Alert>}
            <Button type="submit" loading={result.fetching}>{t("forgot.button")}</Button>
          </Stack>
        </form>
      )}
    </PublicFrame>
  );
}

/** A new password from a token: a reset (/reset-password/<token>) or an invitation (/invitation/<token>). */
export function SetPasswordPage({ invitation }: { invitation?: boolean }) {
  const { token: fromPath } = useParams();
  const [params] = useSearchParams();
  const token = fromPath ?? params.get("token") ?? "";
  const [password, setPassword] = useState("");
  const [again, setAgain] = useState("");
  const [result, reset] = useMutation(ResetPasswordMutation);
  const tooShort = password.length > 0 && password.length < MIN_PASSWORD;
  const differs = again.length > 0 && again !== password;
  const { t } = useT(auth);
  return (
    <PublicFrame title={invitation ? t("set.welcome") : t("set.title")}>
      {result.data ? (
        <Alert color="teal" role="status" title={t("set.done")}>
          {t("set.signInNow", { seq: String(result.data.resetPassword.ledgerSeq) })}
        </Alert>
      ) : (
        <form onSubmit={(e) => { e.preventDefault(); if (!tooShort && !differs) void reset({ token, newPassword: password }); }}>
          <Stack>
            <PasswordInput label={t("field.newPassword")} description={t("password.hint", { min: MIN_PASSWORD })} autoComplete="new-password" required
              value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={tooShort ? t("password.tooShort", { min: MIN_PASSWORD }) : undefined} />
            <PasswordInput label={t("field.repeatPassword")} autoComplete="new-password" required value={again}
              onChange={(e) => setAgain(e.currentTarget.value)} error={differs ? t("password.differ") : undefined} />
            {!token && <Alert color="red">{t("set.noToken")}</Alert>}
            {result.error && <Alert color="red" role="alert">{errorMessage(result.error)}</Alert>}
            <Button type="submit" loading={result.fetching} disabled={!token}>{t("set.button")}</Button>
          </Stack>
        </form>
      )}
    </PublicFrame>
  );
}
