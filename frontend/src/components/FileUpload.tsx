// A file picker that uploads at once and shows its progress and the recorded document.
import { FileInput, Progress, Stack, Text } from "@mantine/core";
import { useState } from "react";
import type { DocumentKind } from "../gql/graphql";
import { useT } from "../i18n";
import { uploadDocument, UploadError, type Uploaded } from "../upload";

type Props = { label: string; kind: DocumentKind; required?: boolean; error?: string | undefined; onUploaded: (doc: Uploaded | null) => void; accept?: string; value?: Uploaded | null };

export function FileUpload({ label, kind, required, error, onUploaded, accept = "application/pdf", value = null }: Props) {
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [problem, setProblem] = useState("");
  const [done, setDone] = useState<Uploaded | null>(value);
  const { t } = useT();
  const pick = async (chosen: File | null) => {
    setFile(chosen);
    setDone(null);
    setProblem("");
    onUploaded(null);
    if (!chosen) return;
    setProgress(0);
    try {
      const uploaded = await uploadDocument(chosen, kind, setProgress);
      setDone(uploaded);
      onUploaded(uploaded);
    } catch (e) {
      // The server's own message when it gave one; ours for a broken connection or none.
      if (e instanceof UploadError && e.code === "NETWORK") setProblem(t("upload.interrupted"));
      else if (e instanceof UploadError && e.fromServer) setProblem(e.message);
      else if (e instanceof UploadError && e.status) setProblem(t("upload.status", { status: String(e.status) }));
      else setProblem(t("upload.failed"));
      setProgress(null);
    }
  };
  return (
    <Stack gap={4}>
      <FileInput label={label} required={required} accept={accept} value={file} onChange={(f) => void pick(f)} clearable
        placeholder={done ? t("upload.replace") : t("upload.choose")} clearButtonProps={{ "aria-label": t("upload.remove", { label }) }} error={problem || error} />
      {progress !== null && !problem && (
        <Progress value={Math.round(progress * 100)} aria-label={t("upload.progress", { label })} size="sm" animated={!done} />
      )}
      {done && <Text size="xs" c="teal.9" data-testid="upload-done">{t("upload.done", {
        size: done.size < 1024 ? t("upload.bytes", { count: done.size }) : t("upload.kb", { count: Math.round(done.size / 1024) }),
        hash: done.sha256.slice(0, 12), seq: String(done.ledgerSeq) })}</Text>}
    </Stack>
  );
}
