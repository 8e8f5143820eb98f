// A file picker that uploads at once and shows its progress and the recorded document.
import { FileInput, Progress, Stack, Text } from "@mantine/core";
import { useState } from "react";
import type { DocumentKind } from "../gql/graphql";
import { uploadDocument, UploadError, type Uploaded } from "../upload";

type Props = { label: string; kind: DocumentKind; required?: boolean; error?: string | undefined; onUploaded: (doc: Uploaded | null) => void; accept?: string; value?: Uploaded | null };

export function FileUpload({ label, kind, required, error, onUploaded, accept = "application/pdf", value = null }: Props) {
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [problem, setProblem] = useState("");
  const [done, setDone] = useState<Uploaded | null>(value);
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
      setProblem(e instanceof UploadError ? e.message : "The upload failed.");
      setProgress(null);
    }
  };
  return (
    <Stack gap={4}>
      <FileInput label={label} required={required} accept={accept} value={file} onChange={(f) => void pick(f)} clearable
        placeholder={done ? "Uploaded: choose another file to replace it" : "Choose a PDF"} clearButtonProps={{ "aria-label": `Remove ${label}` }} error={problem || error} />
      {progress !== null && !problem && (
        <Progress value={Math.round(progress * 100)} aria-label={`Upload of ${label}`} size="sm" animated={!done} />
      )}
      {done && <Text size="xs" c="teal.9" data-testid="upload-done">Uploaded ({done.size < 1024 ? `${done.size} bytes` : `${Math.round(done.size / 1024)} KB`}, SHA-256 {done.sha256.slice(0, 12)}…, ledger entry #{done.ledgerSeq})</Text>}
    </Stack>
  );
}
