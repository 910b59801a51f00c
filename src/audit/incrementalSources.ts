import type { AuditLog } from "./auditLog.js";
import type { AuditEntry } from "./entry.js";
import type { IncrementalSource } from "./incremental.js";
import { parseVerifierKey, verifyNote, type NoteVerifier } from "./signedNote.js";

/** `--store`: an opened log (the configured store, or an auditor's copy of it). */
export function logSource(log: AuditLog): IncrementalSource {
  return {
    checkpoint: async () => log.checkpoint.note,
    consistencyProof: async (m, n) => (await log.consistencyProof(m, n)).proof.map((h) => Buffer.from(h, "hex")),
    inclusionProof: async (seq, size) => (await log.inclusionProof(seq, size)).proof.map((h) => Buffer.from(h, "hex")),
    entries: (from, to) => log.entries(from, to),
  };
}

/** `--url`: the service's audit routes with an auditor's API key (127.0.0.1 in tests). */
export function httpSource(baseUrl: string, apiKey: string): IncrementalSource & { verifierKey(): Promise<string> } {
  const get = async (pathAndQuery: string): Promise<Response> => {
    const res = await fetch(new URL(pathAndQuery, baseUrl), { headers: { authorization: `Bearer ${apiKey}` } });
    if (!res.ok) throw new Error(`GET ${pathAndQuery}: HTTP ${res.status} ${await res.text()}`);
    return res;
  };
  const proof = async (p: string): Promise<Buffer[]> => ((await (await get(p)).json()) as { proof: string[] }).proof.map((h) => Buffer.from(h, "hex"));
  return {
    checkpoint: async () => (await get("/v1/audit/checkpoint")).text(),
    verifierKey: async () => ((await (await get("/v1/audit/checkpoint?format=json")).json()) as { verifierKey: string }).verifierKey,
    consistencyProof: (m, n) => proof(`/v1/audit/proofs/consistency?from=${m}&to=${n}`),
    inclusionProof: (seq, size) => proof(`/v1/audit/proofs/inclusion?seq=${seq}&treeSize=${size}`),
    entries: async (from, to) => ((await (await get(`/v1/audit/entries?from=${from}&to=${to}`)).json()) as { entries: AuditEntry[] }).entries,
  };
}

/** A note verifier for a C2SP verifier key string (`name+keyid+base64`), or null if it is not one. */
export function noteVerifier(vkey: string): NoteVerifier | null {
  const k = parseVerifierKey(vkey);
  if (!k) return null;
  return { name: k.name, verify: (note) => verifyNote(note, k.name, k.publicKey) };
}
