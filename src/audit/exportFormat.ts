import { decodeEntry, encodeEntry, entryFromJson } from "./entry.js";
import type { AuditLog } from "./auditLog.js";
import { verifyNote } from "./signedNote.js";
import { parseVerifierKey } from "./signedNote.js";
import { verifyLog, type LogVerification, type StoredEntry } from "./verifyLog.js";

export const EXPORT_FORMAT = "mohar-audit-export/1";
const CHUNK = 256;

/**
 * The export as JSON text chunks, for streaming. It covers the log up to the latest signed
 * checkpoint. Each entry is its stored bytes verbatim when they are a canonical entry (so
 * the export hashes exactly as storage does); anything else is kept as a JSON string, and
 * a missing object as null, so `mohar audit verify` can name it.
 */
export async function* exportChunks(log: AuditLog): AsyncGenerator<string> {
  const size = log.size;
  const notes = await log.checkpointNotes(size);
  const head = {
    format: EXPORT_FORMAT,
    origin: log.origin,
    publicKey: log.publicKey.toString("base64"),
    verifierKey: log.verifierKey,
    treeSize: size,
    checkpoints: notes,
  };
  yield `${JSON.stringify(head).slice(0, -1)},"entries":[`;
  for (let from = 0; from < size; from += CHUNK) {
    const raw = await log.rawEntries(from, Math.min(size, from + CHUNK));
    const parts = raw.map((b) => (b === null ? "null" : typeof decodeEntry(b) === "string" ? JSON.stringify(b.toString("utf8")) : b.toString("utf8")));
    yield `${from === 0 ? "" : ","}${parts.join(",")}`;
  }
  yield "]}\n";
}

export interface ExportReport extends LogVerification {
  origin: string;
  verifierKey: string;
  treeSize: number;
}

/**
 * Checks a parsed export offline. `trustedKey` (a verifier key string) pins the log key;
 * without it the export's own key is used, so the caller should compare its fingerprint.
 */
export function verifyExport(doc: unknown, trustedKey?: string): ExportReport {
  if (typeof doc !== "object" || doc === null) throw new Error("the export is not a JSON object");
  const d = doc as Record<string, unknown>;
  if (d.format !== EXPORT_FORMAT) throw new Error(`unknown export format ${JSON.stringify(d.format)}; expected ${EXPORT_FORMAT}`);
  if (typeof d.origin !== "string" || typeof d.verifierKey !== "string") throw new Error("the export lacks origin or verifierKey");
  if (!Array.isArray(d.entries) || !Array.isArray(d.checkpoints) || !d.checkpoints.every((c) => typeof c === "string")) {
    throw new Error("the export lacks the entries or checkpoints arrays");
  }
  const vkey = trustedKey ?? d.verifierKey;
  const key = parseVerifierKey(vkey);
  if (!key) throw new Error(`malformed verifier key ${JSON.stringify(vkey)}`);
  const entries: StoredEntry[] = d.entries.map((value: unknown, seq: number) => {
    if (value === null) return { seq, invalid: "missing from storage" };
    if (typeof value === "string") return { seq, invalid: `stored bytes are not a canonical entry: ${JSON.stringify(value.slice(0, 80))}` };
    const entry = entryFromJson(value);
    return typeof entry === "string" ? { seq, invalid: entry } : { seq, bytes: encodeEntry(entry) };
  });
  const report = verifyLog({
    origin: d.origin,
    verifier: { name: key.name, verify: (note) => verifyNote(note, key.name, key.publicKey) },
    entries,
    checkpoints: d.checkpoints as string[],
  });
  return { ...report, origin: d.origin, verifierKey: vkey, treeSize: typeof d.treeSize === "number" ? d.treeSize : entries.length };
}
