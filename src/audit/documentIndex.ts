import type { ObjectStore } from "../store/index.js";
import { ObjectExistsError } from "../store/index.js";
import type { AuditEntry } from "./entry.js";
import { mapLimit } from "./mapLimit.js";
import { BY_DOCUMENT_PREFIX, documentMarkerKey, documentPrefix } from "./storageKeys.js";

/**
 * The by-document index: a zero-byte, create-only marker `audit/by-document/{id}/{seq}` per
 * entry that names a document, so a document's entries are one prefix listing away. It is
 * only a hint; readers keep an entry only if it names the document itself.
 */
export async function putMarker(store: ObjectStore, documentId: string, seq: number): Promise<void> {
  try {
    await store.putIfAbsent(documentMarkerKey(documentId, seq), Buffer.alloc(0));
  } catch (err) {
    if (!(err instanceof ObjectExistsError)) throw err;
  }
}

/** Re-creates by-document markers a crash left unwritten (one list, then only the missing puts). */
export async function repairDocumentIndex(store: ObjectStore, entries: AuditEntry[]): Promise<void> {
  const have = new Set((await store.list(BY_DOCUMENT_PREFIX)).map((o) => o.key));
  const missing = entries.filter((e) => e.documentId !== undefined && !have.has(documentMarkerKey(e.documentId, e.seq)));
  await mapLimit(missing, 32, (e) => putMarker(store, e.documentId as string, e.seq));
}

/** Sequence numbers the index lists for a document, ascending. */
export async function documentSeqs(store: ObjectStore, documentId: string): Promise<number[]> {
  const prefix = documentPrefix(documentId);
  return (await store.list(prefix)).map((o) => Number(o.key.slice(prefix.length))).filter((s) => Number.isSafeInteger(s));
}
