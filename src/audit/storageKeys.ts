/** Object keys under the audit module's `audit/` prefix. */
export const ENTRIES_PREFIX = "audit/entries/";
export const CHECKPOINTS_PREFIX = "audit/checkpoints/";
export const INTENTS_PREFIX = "audit/intents/";
export const BY_DOCUMENT_PREFIX = "audit/by-document/";
/** `<prefix><N>`: the by-document markers of entry bundle N are all written. */
export const INDEXED_PREFIX = "audit/by-document-indexed/";
export const CLAIMS_PREFIX = "audit/claims/";
/** Written once a log from before entry bundles has its bundles stored and checked (its entry objects are then no longer read). */
export const MIGRATED_KEY = "audit/migrated-to-bundles";

const pad = (n: number): string => String(n).padStart(12, "0");

export const entryKey = (seq: number): string => `${ENTRIES_PREFIX}${pad(seq)}.json`;
export const checkpointKey = (size: number): string => `${CHECKPOINTS_PREFIX}${pad(size)}.txt`;
export const documentPrefix = (documentId: string): string => `${BY_DOCUMENT_PREFIX}${documentId}/`;
export const documentMarkerKey = (documentId: string, seq: number): string => `${documentPrefix(documentId)}${pad(seq)}`;
/** Prefix of the intents whose firstSeq shares seq's block of 1000 (a short listing on S3). */
export const intentBlockPrefix = (seq: number): string => `${INTENTS_PREFIX}${pad(seq).slice(0, 9)}`;
// Intents written before entry bundles are `<firstSeq>-<count>-<nonce>.json` (leaf hashes only); still read (parseIntentKey).
/** The intent that claims the numbers from firstSeq (since entry bundles): one key per firstSeq, so a create-only put decides. */
export const batchIntentKey = (firstSeq: number): string => `${INTENTS_PREFIX}${pad(firstSeq)}.json`;
/** Most entries one batch (one intent) holds. */
export const MAX_BATCH = 1000;

/** The number in a key made by one of the functions above, or null for a foreign key. */
export function seqOfKey(key: string, prefix: string, suffix: string): number | null {
  const m = key.slice(prefix.length).match(/^(\d{12})/);
  if (!key.startsWith(prefix) || !m || key.length !== prefix.length + 12 + suffix.length || !key.endsWith(suffix)) return null;
  return Number(m[1]);
}

/** firstSeq and entry count of an intent key (at most MAX_BATCH for a claiming intent, whose key has no count). */
export function parseIntentKey(key: string): { firstSeq: number; count: number } | null {
  const m = key.slice(INTENTS_PREFIX.length).match(/^(\d{12})(?:-(\d+)-[0-9a-f-]+)?\.json$/);
  return key.startsWith(INTENTS_PREFIX) && m ? { firstSeq: Number(m[1]), count: m[2] === undefined ? MAX_BATCH : Number(m[2]) } : null;
}

/** Witnesses' cosignatures: one object per checkpoint size and witness (its key ID), holding its signature lines. */
export const COSIGNATURES_PREFIX = "audit/cosignatures/";
export const cosignatureKey = (size: number, keyIdHex: string): string => `${COSIGNATURES_PREFIX}${pad(size)}-${keyIdHex}.txt`;
/** Prefix of the cosignatures for sizes in size's block of 1000. */
export const cosignatureBlockPrefix = (size: number): string => `${COSIGNATURES_PREFIX}${pad(size).slice(0, 9)}`;

export function parseCosignatureKey(key: string): { size: number; keyIdHex: string } | null {
  const m = key.slice(COSIGNATURES_PREFIX.length).match(/^(\d{12})-([0-9a-f]{8})\.txt$/);
  return key.startsWith(COSIGNATURES_PREFIX) && m ? { size: Number(m[1]), keyIdHex: m[2]! } : null;
}
