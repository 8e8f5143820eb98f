// Sign-in, forgotten password, reset and first-time password (an invitation's token).
import { Alert, Button, PasswordInput, Stack, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { Navigate, useNavigate, useParams, useSearchParams } from "react-router";
import { useMutation } from "urql";
import { errorMessage } from "../client";
import { LoginMutation, RequestPasswordResetMutation, ResetPasswordMutation } from "../operations/auth";
import { useSession } from "../session";
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
    <PublicFrame title="Sign in">
      <form onSubmit={submit}>
        <Stack>
          {params.get("next") && !result.error && <Alert color="blue">Sign in to continue.</Alert>}
          <TextInput label="E-mail" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
          <PasswordInput label="Password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
          {result.error && <Alert color="red" role="alert">{errorMessage(result.error)}</Alert>}
          <Button type="submit" loading={result.fetching}>Sign in</Button>
        </Stack>
      </form>
    </PublicFrame>
  );
}

export function ForgotPasswordPage() {
  const [email, setEmail] = useState("");
  const [result, request] = useMutation(RequestPasswordResetMutation);
  return (
    <PublicFrame title="Reset your password">
      {result.data ? (
        <Alert color="teal" role="status">If that address has an account, a link to set a new password is on its way.</Alert>
      ) : (
        <form onSubmit={(e) => { e.preventDefault(); void request({ email }); }}>
          <Stack>
            <TextInput label="E-mail" type="email" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
            {result.error && <Alert color="red" role="alert">{errorMessage(result.error)}</Alert>}
            <Button type="submit" loading={result.fetching}>Send the link</Button>
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
  return (
    <PublicFrame title={invitation ? "Welcome: choose your password" : "Choose a new password"}>
      {result.data ? (
        <Alert color="teal" role="status" title="Password set">
          You can now sign in (ledger entry #{result.data.resetPassword.ledgerSeq}).
        </Alert>
      ) : (
        <form onSubmit={(e) => { e.preventDefault(); if (!tooShort && !differs) void reset({ token, newPassword: password }); }}>
          <Stack>
            <PasswordInput label="New password" description={`At least ${MIN_PASSWORD} characters.`} autoComplete="new-password" required
              value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={tooShort ? `The password must be at least ${MIN_PASSWORD} characters.` : undefined} />
            <PasswordInput label="Repeat the password" autoComplete="new-password" required value={again}
              onChange={(e) => setAgain(e.currentTarget.value)} error={differs ? "The two passwords differ." : undefined} />
            {!token && <Alert color="red">This link has no token; open the link from the e-mail again.</Alert>}
            {result.error && <Alert color="red" role="alert">{errorMessage(result.error)}</Alert>}
            <Button type="submit" loading={result.fetching} disabled={!token}>Set password</Button>
          </Stack>
        </form>
      )}
    </PublicFrame>
  );
}
