// Document upload over POST /documents (the body is the file itself), with progress.
import { CSRF_HEADER } from "./client";
import type { DocumentKind } from "./gql/graphql";

export type Uploaded = { id: string; sha256: string; size: number; mediaType: string; ledgerSeq: number };
export class UploadError extends Error {
  /** fromServer: the message is the server's own; status: the HTTP status (0 for none). */
  constructor(message: string, readonly code: string, readonly fromServer = false, readonly status = 0) { super(message); }
}

/** Upload one file; onProgress gets 0..1. Rejects with UploadError carrying the server's message. */
export function uploadDocument(file: File, kind: DocumentKind, onProgress: (fraction: number) => void): Promise<Uploaded> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const query = new URLSearchParams({ kind, filename: file.name });
    xhr.open("POST", `/documents?${query.toString()}`);
    xhr.withCredentials = true;
    for (const [name, value] of Object.entries(CSRF_HEADER)) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader("Content-Type", file.type || "application/octet-stream");
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onload = () => {
      let body: Record<string, unknown> = {};
      try { body = JSON.parse(xhr.responseText) as Record<string, unknown>; } catch { /* not JSON */ }
      if (xhr.status === 201) { onProgress(1); resolve(body as unknown as Uploaded); }
      else reject(new UploadError(String(body["error"] ?? `Upload failed (${xhr.status}).`), String(body["code"] ?? "ERROR"), body["error"] !== undefined, xhr.status));
    };
    xhr.onerror = () => reject(new UploadError("The upload was interrupted. Try again.", "NETWORK"));
    xhr.send(file);
  });
}
