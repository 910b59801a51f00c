import { MoharError } from "../../errors.js";
import { openEncryption, type FileEncryption } from "./encryption.js";
import type { PdfDict } from "./rawObjects.js";
import type { ObjectCache, RevisionObjects } from "./revisionObjects.js";
import type { Revision } from "./revisions.js";

/** The first element of a trailer's /ID (part of the RC4/AES-128 key), empty when absent. */
function firstId(trailer: PdfDict, objects: RevisionObjects): Buffer {
  const ids = objects.resolve(trailer.entries.get("ID"));
  const first = ids?.kind === "array" ? objects.resolve(ids.items[0]) : undefined;
  return first?.kind === "string" ? first.bytes : Buffer.alloc(0);
}

/** The encryption a reader of this trailer opens (throws MoharError when it cannot), or null when it names none. */
export function trailerEncryption(trailer: PdfDict, objects: RevisionObjects): FileEncryption | null {
  const ref = trailer.entries.get("Encrypt");
  if (!ref) return null;
  return openEncryption(objects.resolve(ref), firstId(trailer, objects), (v) => objects.resolve(v));
}

function sameEncryption(a: FileEncryption, b: FileEncryption): boolean {
  const filters = (f: FileEncryption): string => [...f.filters].sort().join();
  return a.key.equals(b.key) && a.stringMethod === b.stringMethod && a.streamMethod === b.streamMethod && a.encryptMetadata === b.encryptMetadata && filters(a) === filters(b);
}

/**
 * Opens the encryption of every revision (each as its own reader would, from its trailer's
 * /Encrypt and /ID) and, when the file is encrypted, makes every later object read decrypted.
 * Every revision must use the same key and methods: a revision that changed them would make the
 * unchanged bytes of a signed revision read differently, so such a file is refused. Returns the
 * description of the encryption, or null for an unencrypted file.
 */
export function openDocumentEncryption(revisions: Revision[], cache: ObjectCache): string | null {
  const encrypted = revisions.filter((r) => r.trailer.entries.has("Encrypt"));
  if (encrypted.length === 0) return null;
  if (encrypted.length !== revisions.length) {
    const plain = revisions.find((r) => !r.trailer.entries.has("Encrypt")) as Revision;
    throw new MoharError(
      "pdf.unreadable",
      `revision ${(encrypted[0] as Revision).index + 1} of the PDF is encrypted but revision ${plain.index + 1} is not: a document is encrypted as a whole, so its revisions cannot be read consistently`,
    );
  }
  let opened: FileEncryption | null = null;
  const plain = new Set<number>();
  const memo = new Map<string, FileEncryption>();
  for (const rev of revisions) {
    const ref = rev.trailer.entries.get("Encrypt");
    if (ref?.kind === "ref") plain.add(ref.num);
    const memoKey = `${ref?.kind === "ref" ? rev.objects.location(ref.num) : `direct@${rev.index}`}/${firstId(rev.trailer, rev.objects).toString("hex")}`;
    let fe = memo.get(memoKey);
    if (!fe) {
      fe = trailerEncryption(rev.trailer, rev.objects) as FileEncryption;
      memo.set(memoKey, fe);
    }
    if (opened && !sameEncryption(opened, fe)) {
      throw new MoharError(
        "pdf.unreadable",
        `revision ${rev.index + 1} of the PDF changes its encryption (key or method, through /Encrypt or the first /ID): the bytes of earlier, possibly signed, revisions would read differently, so the file is not verified`,
      );
    }
    opened = fe;
  }
  cache.objects.clear();
  cache.streams.clear();
  cache.errors.clear();
  cache.encryption = { file: opened as FileEncryption, plain };
  return (opened as FileEncryption).description;
}
