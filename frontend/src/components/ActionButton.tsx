// A workflow action: a button, a confirmation that says what will happen (with a reason or
// other inputs when the action needs them), and the ledger entry it was recorded at.
import { Alert, Button, Group, Modal, Stack, Text, Textarea, type ButtonProps } from "@mantine/core";
import { useState, type ReactNode } from "react";
import type { CombinedError } from "urql";
import { errorMessage } from "../client";
import { useT } from "../i18n";
import { useShowResult } from "./ActionResult";

export type ActionResult = { error?: CombinedError | undefined; ledgerSeq?: number | undefined };

type Props = {
  label: string;
  title?: string;
  what: ReactNode;
  needsReason?: boolean;
  fields?: ReactNode;
  ready?: boolean;
  color?: ButtonProps["color"];
  variant?: ButtonProps["variant"];
  size?: ButtonProps["size"];
  run: (reason: string) => Promise<ActionResult>;
  onDone?: () => void;
};

export function ActionButton({ label, title, what, needsReason, fields, ready = true, color, variant, size = "xs", run, onDone }: Props) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const showResult = useShowResult();
  const { t } = useT();

  const close = () => {
    setOpen(false);
    setError("");
    setReason("");
  };
  const confirm = async () => {
    setBusy(true);
    setError("");
    const result = await run(reason.trim());
    setBusy(false);
    if (result.error) setError(errorMessage(result.error));
    else {
      close();
      showResult(label, result.ledgerSeq ?? -1);
      onDone?.();
    }
  };

  return (
    <>
      <Button size={size} color={color} variant={variant ?? "light"} onClick={() => setOpen(true)} data-action={label}>
        {label}
      </Button>
      <Modal opened={open} onClose={close} title={title ?? label} centered>
        <Stack>
            <Text>{what}</Text>
            {fields}
            {needsReason && (
              <Textarea label={t("action.reason")} description={t("action.reasonHint")}
                required value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={2} />
            )}
            {error && <Alert color="red" role="alert" title={t("action.notDone")}>{error}</Alert>}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>{t("cancel")}</Button>
              <Button color={color} loading={busy} disabled={!ready || (needsReason && !reason.trim())} onClick={confirm}>
                {t("action.confirm", { label })}
              </Button>
            </Group>
          </Stack>
      </Modal>
    </>
  );
}
