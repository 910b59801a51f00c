import { decodeEntry, encodeEntry, entryFromJson } from "./entry.js";
import type { AuditLog } from "./auditLog.js";
import { vouchedBy } from "./batchIntent.js";
import { parseVerifierKey, verifyNote } from "./signedNote.js";
import { verifyLog, type LogVerification, type StoredEntry } from "./verifyLog.js";

export const EXPORT_FORMAT = "mohar-audit-export/1";
const CHUNK = 256;

/**
 * The export as JSON text chunks, for streaming: what storage holds, verbatim. Entries up
 * to the latest signed checkpoint, then any stored past it (with the batch intents that
 * may vouch for them). Each entry is its stored bytes when they are a canonical entry (so
 * the export hashes exactly as storage does); anything else is kept as a JSON string, and
 * a missing object as null, so `mohar audit verify` can name it.
 */
export async function* exportChunks(log: AuditLog): AsyncGenerator<string> {
  const size = log.size;
  const head = {
    format: EXPORT_FORMAT,
    origin: log.origin,
    publicKey: log.publicKey.toString("base64"),
    verifierKey: log.verifierKey,
    treeSize: size,
    checkpoints: await log.checkpointNotes(Infinity),
    intents: await log.intentNotes(size),
  };
  yield `${JSON.stringify(head).slice(0, -1)},"entries":[`;
  for (let from = 0; ; from += CHUNK) {
    let raw = await log.rawEntries(from, from + CHUNK);
    // Past the signed size, the stored log ends at the first missing object.
    const end = raw.findIndex((b, i) => b === null && from + i >= size);
    if (end >= 0) raw = raw.slice(0, end);
    const parts = raw.map((b) => (b === null ? "null" : typeof decodeEntry(b) === "string" ? JSON.stringify(b.toString("utf8")) : b.toString("utf8")));
    if (parts.length > 0) yield `${from === 0 ? "" : ","}${parts.join(",")}`;
    if (end >= 0) break;
  }
  yield "]}\n";
}

export interface ExportReport extends LogVerification {
  origin: string;
  verifierKey: string;
}

/**
 * Checks a parsed export offline. `trustedKey` (a verifier key string) pins the log key;
 * without it the export's own key is used, so the caller should compare its fingerprint.
 * `savedCheckpoints` are notes the auditor kept from earlier: checked like the export's own,
 * they expose a log cut back (with its later checkpoints) behind everyone's back.
 */
export function verifyExport(doc: unknown, trustedKey?: string, savedCheckpoints: string[] = []): ExportReport {
  if (typeof doc !== "object" || doc === null) throw new Error("the export is not a JSON object");
  const d = doc as Record<string, unknown>;
  if (d.format !== EXPORT_FORMAT) throw new Error(`unknown export format ${JSON.stringify(d.format)}; expected ${EXPORT_FORMAT}`);
  if (typeof d.origin !== "string" || typeof d.verifierKey !== "string") throw new Error("the export lacks origin or verifierKey");
  const notes = (v: unknown): v is string[] => Array.isArray(v) && v.every((c) => typeof c === "string");
  if (!Array.isArray(d.entries) || !notes(d.checkpoints) || !notes(d.intents)) {
    throw new Error("the export lacks the entries, checkpoints or intents arrays");
  }
  const vkey = trustedKey ?? d.verifierKey;
  const key = parseVerifierKey(vkey);
  if (!key) throw new Error(`malformed verifier key ${JSON.stringify(vkey)}`);
  // A null marks an object missing from storage: leave its seq out, as a store listing would.
  const entries: StoredEntry[] = d.entries.flatMap((value: unknown, seq: number): StoredEntry[] => {
    if (value === null) return [];
    if (typeof value === "string") return [{ seq, invalid: `stored bytes are not a canonical entry: ${JSON.stringify(value.slice(0, 80))}` }];
    const entry = entryFromJson(value);
    return [typeof entry === "string" ? { seq, invalid: entry } : { seq, bytes: encodeEntry(entry) }];
  });
  const verifier = { name: key.name, verify: (note: string) => verifyNote(note, key.name, key.publicKey) };
  const checkpoints = [...d.checkpoints, ...savedCheckpoints];
  const report = verifyLog({ origin: d.origin, verifier, entries, checkpoints, vouched: vouchedBy(verifier, d.intents) });
  return { ...report, origin: d.origin, verifierKey: vkey };
}
