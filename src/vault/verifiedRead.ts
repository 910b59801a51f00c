import { createHash } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import { MoharError } from "../errors.js";

/** What a version's bytes must match: the size and SHA-256 recorded when it was stored. */
export interface Expected {
  id: string;
  n: number;
  size: number;
  sha256: string;
}

/** The one error for stored bytes that are not what was stored (500 vault.integrity). */
export function damaged(e: Pick<Expected, "id" | "n">, what: string): MoharError {
  return new MoharError("vault.integrity", `version ${e.n} of document ${e.id} is damaged in storage: ${what}; it is not served or signed`);
}

/** Checks a whole version read into memory. */
export function checkWhole(e: Expected, bytes: Buffer): Buffer {
  if (bytes.length !== e.size) throw damaged(e, `it has ${bytes.length} bytes where ${e.size} were stored`);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  if (sha256 !== e.sha256) throw damaged(e, `its SHA-256 is ${sha256}, not the ${e.sha256} recorded when it was stored`);
  return bytes;
}

/**
 * Passes a version's bytes through while hashing them, and holds the last chunk back until the
 * whole has been counted and hashed: a replaced or truncated version fails the stream before its
 * last byte is passed on, so a client never receives a complete, wrong file under the recorded
 * ETag (its response is cut short of Content-Length instead).
 */
export function verifyingStream(e: Expected): Transform {
  const hash = createHash("sha256");
  let seen = 0;
  let held: Buffer | null = null;
  return new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
      seen += chunk.length;
      if (seen > e.size) return done(damaged(e, `it has more than the ${e.size} bytes stored`));
      hash.update(chunk);
      const out = held;
      held = chunk;
      done(null, out ?? undefined);
    },
    flush(done: TransformCallback) {
      if (seen !== e.size) return done(damaged(e, `it ends after ${seen} of the ${e.size} bytes stored`));
      const sha256 = hash.digest("hex");
      if (sha256 !== e.sha256) return done(damaged(e, `its SHA-256 is ${sha256}, not the ${e.sha256} recorded when it was stored`));
      done(null, held ?? undefined);
    },
  });
}
