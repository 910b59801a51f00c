import { ObjectNotFoundError, type ObjectStore } from "../store/index.js";
import { verifyCosignature, type WitnessKey } from "./cosignature.js";
import { mapLimit } from "./mapLimit.js";
import type { NoteVerifier } from "./signedNote.js";
import { checkpointKey, cosignatureBlockPrefix, cosignatureKey, parseCosignatureKey } from "./storageKeys.js";

export interface StoredCosignatures {
  /** Per witness (verifier key): the newest size a cosignature of it is stored for, 0 when none. */
  knownSizes: Map<string, number>;
  /** The newest checkpoint with `needed` valid stored cosignatures: its note and each witness's lines. */
  newest: { size: number; note: string; lines: Map<string, string[]> } | null;
}

/**
 * Reads the cosignatures stored for the newest sizes: the block of 1000 sizes holding
 * `latestSize` and the one before, so the cost does not grow with the log. Each is checked
 * against its witness's key and the log's signed checkpoint of that size.
 */
export async function storedCosignatures(store: ObjectStore, logKey: NoteVerifier, latestSize: number, witnesses: readonly WitnessKey[], needed: number): Promise<StoredCosignatures> {
  const block = Math.floor(latestSize / 1000) * 1000;
  const listed = [...(block >= 1000 ? await store.list(cosignatureBlockPrefix(block - 1000)) : []), ...(await store.list(cosignatureBlockPrefix(block)))];
  const keys = listed.map((o) => parseCosignatureKey(o.key)).filter((k): k is { size: number; keyIdHex: string } => k !== null && k.size <= latestSize);
  const knownSizes = new Map(witnesses.map((w) => [w.verifierKey, Math.max(0, ...keys.filter((k) => k.keyIdHex === w.keyId.toString("hex")).map((k) => k.size))]));
  const sizes = [...new Set(keys.map((k) => k.size))].sort((x, y) => y - x);
  for (const size of sizes) {
    if (needed === 0 || keys.filter((k) => k.size === size).length < needed) continue;
    const found = await cosignaturesAt(store, logKey, size, witnesses);
    if (found && found.lines.size >= needed) return { knownSizes, newest: { size, ...found } };
  }
  return { knownSizes, newest: null };
}

async function cosignaturesAt(store: ObjectStore, logKey: NoteVerifier, size: number, witnesses: readonly WitnessKey[]): Promise<{ note: string; lines: Map<string, string[]> } | null> {
  let note: string;
  try {
    note = (await store.getBuffer(checkpointKey(size))).toString("utf8");
  } catch (err) {
    if (err instanceof ObjectNotFoundError) return null;
    throw err;
  }
  if (!logKey.verify(note).ok) return null;
  const body = note.slice(0, note.lastIndexOf("\n\n") + 1);
  const lines = new Map<string, string[]>();
  await mapLimit([...witnesses], 8, async (w) => {
    let text: string;
    try {
      text = (await store.getBuffer(cosignatureKey(size, w.keyId.toString("hex")))).toString("utf8");
    } catch (err) {
      if (err instanceof ObjectNotFoundError) return;
      throw err;
    }
    const valid = text.split("\n").filter((l) => verifyCosignature(body, l, w) !== null);
    if (valid.length > 0) lines.set(w.verifierKey, valid);
  });
  return { note, lines };
}

/** The note with the witnesses' lines after the log's own signature. */
export function cosignedNote(note: string, lines: Map<string, string[]>): string {
  return `${note}${[...lines.values()].flat().join("\n")}\n`;
}
