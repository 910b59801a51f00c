import type { LogKey } from "./logKey.js";
import { leafHash } from "./merkle.js";
import type { NoteVerifier } from "./signedNote.js";

/**
 * A batch intent is a signed note, written before a batch's entries, naming the leaf hashes
 * the batch will add from `firstSeq`. After a crash between the entries and the checkpoint,
 * entries past the last checkpoint are accepted only if an intent vouches for them: that is
 * what tells a half-written batch apart from an entry appended by hand. The second line
 * (`batch-intent N`) is never a decimal size, so an intent cannot pass as a checkpoint.
 *
 * Since entry bundles, an intent also carries its entries' bytes (base64 after each leaf hash)
 * and is stored under a key made from `firstSeq` alone: the create-only put of the intent is
 * what claims the numbers firstSeq.. for one writer, and whoever finds an intent whose bundle
 * is not stored yet (another instance, or this one after a crash) can write that bundle itself.
 */
export interface BatchIntent {
  firstSeq: number;
  leafHashes: string[];
  /** The entries' bytes, in intents written since entry bundles. */
  entries?: Buffer[];
}

const MARK = "batch-intent ";

export function signIntent(key: LogKey, intent: BatchIntent): string {
  const line = (h: string, i: number): string => (intent.entries ? `${h} ${intent.entries[i]!.toString("base64")}\n` : `${h}\n`);
  return key.sign(`${key.name}\n${MARK}${intent.firstSeq}\n${intent.leafHashes.map(line).join("")}`);
}

/** The intent in a note signed by `key`, or null when it is not one. */
export function readIntent(key: NoteVerifier, note: string): BatchIntent | null {
  const check = key.verify(note);
  if (!check.ok) return null;
  const lines = check.body.split("\n");
  lines.pop();
  const [origin, mark, ...hashes] = lines;
  if (origin !== key.name || !mark?.startsWith(MARK)) return null;
  const firstSeq = Number(mark.slice(MARK.length));
  if (!Number.isSafeInteger(firstSeq) || firstSeq < 0) return null;
  const withEntries = hashes.length > 0 && hashes[0]!.length > 64;
  const leafHashes: string[] = [];
  const entries: Buffer[] = [];
  for (const line of hashes) {
    const m = /^([0-9a-f]{64})(?: ([A-Za-z0-9+/]*={0,2}))?$/.exec(line);
    if (!m || (m[2] !== undefined) !== withEntries) return null;
    if (m[2] !== undefined) {
      const bytes = Buffer.from(m[2], "base64");
      if (leafHash(bytes).toString("hex") !== m[1]) return null;
      entries.push(bytes);
    }
    leafHashes.push(m[1]!);
  }
  return withEntries ? { firstSeq, leafHashes, entries } : { firstSeq, leafHashes };
}

/** Leaf hashes (hex) by seq that the validly signed intents among `notes` vouch for. */
export function vouchedBy(key: NoteVerifier, notes: readonly string[]): Map<number, Set<string>> {
  const vouched = new Map<number, Set<string>>();
  for (const note of notes) {
    const intent = readIntent(key, note);
    intent?.leafHashes.forEach((h, i) => {
      const seq = intent.firstSeq + i;
      vouched.set(seq, (vouched.get(seq) ?? new Set()).add(h));
    });
  }
  return vouched;
}
