import { createHash } from "node:crypto";
import { Readable } from "node:stream";

/** A deterministic stream of `total` bytes made on the fly, with its sha256 once it ends. */
export function generatedStream(total: number, chunkSize = 256 * 1024): { stream: Readable; sha256: Promise<string> } {
  const hash = createHash("sha256");
  let sent = 0;
  let resolveHash: (h: string) => void = () => {};
  const sha256 = new Promise<string>((r) => (resolveHash = r));
  const stream = new Readable({
    read() {
      if (sent >= total) {
        resolveHash(hash.digest("hex"));
        this.push(null);
        return;
      }
      const n = Math.min(chunkSize, total - sent);
      const chunk = Buffer.alloc(n, (sent / chunkSize) % 251);
      chunk.writeUInt32BE(sent >>> 0, 0);
      hash.update(chunk);
      sent += n;
      this.push(chunk);
    },
  });
  return { stream, sha256 };
}

/**
 * A stream that sends `before` bytes, then stalls until `release()` is called, then sends
 * `after` bytes and ends. `stalled` resolves once everything before the stall was consumed.
 */
export function gatedStream(before: number, after: number): { stream: Readable; stalled: Promise<void>; release(): void } {
  let release = (): void => {};
  const gate = new Promise<void>((r) => (release = r));
  let onStall = (): void => {};
  const stalled = new Promise<void>((r) => (onStall = r));
  let phase = 0;
  const stream = new Readable({
    read() {
      if (phase === 0) {
        phase = 1;
        this.push(Buffer.alloc(before, 0x61));
      } else if (phase === 1) {
        phase = 2;
        onStall();
        void gate.then(() => {
          this.push(Buffer.alloc(after, 0x62));
          this.push(null);
        });
      }
    },
  });
  return { stream, stalled, release };
}
