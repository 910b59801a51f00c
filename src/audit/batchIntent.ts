import type { LogKey } from "./logKey.js";
import type { NoteVerifier } from "./signedNote.js";

/**
 * A batch intent is a signed note, written before a batch's entries, naming the leaf hashes
 * the batch will add from `firstSeq`. After a crash between the entries and the checkpoint,
 * entries past the last checkpoint are accepted only if an intent vouches for them: that is
 * what tells a half-written batch apart from an entry appended by hand. The second line
 * (`batch-intent N`) is never a decimal size, so an intent cannot pass as a checkpoint.
 */
export interface BatchIntent {
  firstSeq: number;
  leafHashes: string[];
}

const MARK = "batch-intent ";

export function signIntent(key: LogKey, intent: BatchIntent): string {
  return key.sign(`${key.name}\n${MARK}${intent.firstSeq}\n${intent.leafHashes.map((h) => `${h}\n`).join("")}`);
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
  if (!Number.isSafeInteger(firstSeq) || firstSeq < 0 || !hashes.every((h) => /^[0-9a-f]{64}$/.test(h))) return null;
  return { firstSeq, leafHashes: hashes };
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
