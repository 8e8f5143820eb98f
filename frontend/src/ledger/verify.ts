// Checks in the browser, with Web Crypto, that a ledger entry is in the registry's published tree:
// the checkpoint is a C2SP signed note under the published Ed25519 key, the entry's leaf hash is
// RFC 6962's SHA-256(0x00 || body), and its audit path (RFC 9162 §2.1.3.2) leads to the signed root.

const enc = new TextEncoder();

/** Why a check failed, for the UI to say in the person's language (`why` is the English text). */
export type FailureCode =
  | "notInCheckpoint" | "leafHash" | "inclusion" | "keyFormat" | "keyType" | "keyId"
  | "notNote" | "signature" | "malformed" | "http" | "other";
export type Failure = { ok: false; seq: number; why: string; code: FailureCode; params: Record<string, string> };
export type Verdict = { ok: true; seq: number; treeSize: number; origin: string; type: string; data: Record<string, unknown> } | Failure;

class CheckError extends Error {
  constructor(readonly code: FailureCode, message: string, readonly params: Record<string, string> = {}) { super(message); }
}

function failure(seq: number, code: FailureCode, why: string, params: Record<string, string> = {}): Failure {
  return { ok: false, seq, why, code, params };
}

function b64(text: string): Uint8Array {
  const raw = atob(text);
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
}
/** The ledger's HTTP routes give proof hashes in lowercase hex (README: hash encodings). */
function fromHex(text: string): Uint8Array {
  if (!/^(?:[0-9a-f]{2})*$/.test(text)) throw new Error("a proof hash is not lowercase hex");
  return Uint8Array.from(text.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}
function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}
async function sha256(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", data));
}
const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);

export const leafHash = (body: Uint8Array) => sha256(concat(new Uint8Array([0]), body));
const nodeHash = (l: Uint8Array, r: Uint8Array) => sha256(concat(new Uint8Array([1]), l, r));

/** The root an audit path leads to from leaf `index` of a tree of `size` (RFC 9162 §2.1.3.2). */
export async function rootFromInclusion(index: number, size: number, leaf: Uint8Array, path: Uint8Array[]): Promise<Uint8Array | null> {
  if (index >= size) return null;
  let fn = index, sn = size - 1, r = leaf;
  for (const p of path) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r);
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
    } else {
      r = await nodeHash(r, p);
    }
    fn = Math.floor(fn / 2); sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

type Key = { name: string; id: Uint8Array; key: CryptoKey };

/** Parse a C2SP verifier key "name+hexid+base64(0x01||key)" and check its key id. */
export async function parseVkey(vkey: string): Promise<Key> {
  // name+hexid+base64: the base64 part may itself hold "+", so split at the first two only.
  const text = vkey.trim();
  const first = text.indexOf("+"), second = text.indexOf("+", first + 1);
  const [name, hexId, encoded] = [text.slice(0, first), text.slice(first + 1, second), text.slice(second + 1)];
  if (first < 0 || second < 0) throw new CheckError("keyFormat", "the public key is not a C2SP verifier key");
  if (!name || !hexId || !encoded) throw new CheckError("keyFormat", "the public key is not a C2SP verifier key");
  const raw = b64(encoded);
  if (raw.length !== 33 || raw[0] !== 1) throw new CheckError("keyType", "the public key is not an Ed25519 key");
  const id = (await sha256(concat(enc.encode(`${name}\n`), raw))).slice(0, 4);
  if (hex(id) !== hexId) throw new CheckError("keyId", "the public key's id does not match its name and key");
  const key = await crypto.subtle.importKey("raw", raw.slice(1), { name: "Ed25519" }, false, ["verify"]);
  return { name, id, key };
}

/** Verify a signed checkpoint note; returns its origin, size and root. */
export async function verifyCheckpoint(note: string, key: Key): Promise<{ origin: string; size: number; root: Uint8Array }> {
  const split = note.indexOf("\n\n");
  if (split < 0) throw new CheckError("notNote", "the checkpoint is not a signed note");
  const text = note.slice(0, split + 1);
  const signatures = note.slice(split + 2).split("\n").filter(Boolean);
  let signed = false;
  for (const line of signatures) {
    const match = /^\u2014 (\S+) (\S+)$/.exec(line);
    if (!match || match[1] !== key.name) continue;
    const blob = b64(match[2] ?? "");
    if (!same(blob.slice(0, 4), key.id)) continue;
    signed = await crypto.subtle.verify("Ed25519", key.key, blob.slice(4), enc.encode(text));
    if (signed) break;
  }
  if (!signed) throw new CheckError("signature", "the checkpoint's signature does not verify under the published key");
  const [origin, size, root] = text.slice(0, -1).split("\n");
  if (!origin || !size || !/^\d+$/.test(size) || !root) throw new CheckError("malformed", "the checkpoint text is malformed");
  return { origin, size: Number(size), root: b64(root) };
}

async function getText(path: string): Promise<string> {
  const response = await fetch(path, { credentials: "omit", cache: "no-store" });
  if (!response.ok) throw new CheckError("http", `${path} answered ${response.status}`, { path, status: String(response.status) });
  return response.text();
}

/** Fetch what is needed from /ledger/* and verify entry seq end to end. */
export async function verifyEntry(seq: number): Promise<Verdict> {
  try {
    const key = await parseVkey(await getText("/ledger/public-key"));
    let checkpoint = await verifyCheckpoint(await getText("/ledger/checkpoint"), key);
    for (let wait = 0; checkpoint.size <= seq && wait < 5; wait++) {
      await new Promise((done) => setTimeout(done, 1200)); // the registry signs about once a second
      checkpoint = await verifyCheckpoint(await getText("/ledger/checkpoint"), key);
    }
    if (checkpoint.size <= seq) return failure(seq, "notInCheckpoint", `entry #${seq} is not yet in the latest signed checkpoint (size ${checkpoint.size}).`, { seq: String(seq), size: String(checkpoint.size) });
    const entry = JSON.parse(await getText(`/ledger/entries/${seq}`)) as { seq: number; body: string; leaf_hash: string };
    const body = b64(entry.body);
    const leaf = await leafHash(body);
    if (entry.seq !== seq || hex(leaf) !== entry.leaf_hash) return failure(seq, "leafHash", "the entry's body does not hash to its leaf hash.");
    const proof = JSON.parse(await getText(`/ledger/proof/inclusion?seq=${seq}&size=${checkpoint.size}`)) as { hashes: string[] };
    const root = await rootFromInclusion(seq, checkpoint.size, leaf, proof.hashes.map(fromHex));
    if (!root || !same(root, checkpoint.root)) return failure(seq, "inclusion", "the inclusion proof does not lead to the signed root.");
    const parsed = JSON.parse(new TextDecoder().decode(body)) as { type?: string; data?: Record<string, unknown> };
    return { ok: true, seq, treeSize: checkpoint.size, origin: checkpoint.origin, type: parsed.type ?? "?", data: parsed.data ?? {} };
  } catch (e) {
    if (e instanceof CheckError) return failure(seq, e.code, e.message, e.params);
    const message = e instanceof Error ? e.message : String(e);
    return failure(seq, "other", message, { message });
  }
}
