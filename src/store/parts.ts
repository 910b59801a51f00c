import type { Readable } from "node:stream";

export interface Part {
  data: Buffer;
  /** True for the final part; known only once the source has ended. */
  last: boolean;
}

/**
 * Re-slices a stream into parts of exactly `size` bytes (the last may be shorter, and is
 * empty for an empty stream). A full part is released as soon as one more source chunk
 * shows it is not the last, so at most one part plus one source chunk is held in memory.
 */
export async function* partsOf(stream: Readable, size: number): AsyncGenerator<Part> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let full: Buffer | null = null;
  for await (const raw of stream) {
    let chunk: Buffer = Buffer.isBuffer(raw) ? raw : Buffer.from(raw as Uint8Array);
    while (chunk.length > 0) {
      if (full) {
        yield { data: full, last: false };
        full = null;
      }
      const take = Math.min(size - pendingBytes, chunk.length);
      pending.push(chunk.subarray(0, take));
      pendingBytes += take;
      chunk = chunk.subarray(take);
      if (pendingBytes === size) {
        full = Buffer.concat(pending, size);
        pending = [];
        pendingBytes = 0;
      }
    }
  }
  if (full && pendingBytes === 0) {
    yield { data: full, last: true };
    return;
  }
  if (full) yield { data: full, last: false };
  yield { data: Buffer.concat(pending, pendingBytes), last: true };
}
