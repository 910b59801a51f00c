import { createHash } from "node:crypto";

export type ByteRange = [number, number, number, number];

/** The ByteRange that covers everything but the /Contents hex string between start and end. */
export function byteRangeAround(total: number, contentsStart: number, contentsEnd: number): ByteRange {
  return [0, contentsStart, contentsEnd, total - contentsEnd];
}

/** SHA-256 over the two signed ranges, fed piecewise from views of `bytes` (no joined copy). */
export function digestByteRange(bytes: Buffer, range: ByteRange): Buffer {
  const [a, b, c, d] = range;
  return createHash("sha256")
    .update(bytes.subarray(a, a + b))
    .update(bytes.subarray(c, c + d))
    .digest();
}

/** The two signed ranges joined: what a detached CMS signs. */
export function signedBytesOf(bytes: Buffer, range: ByteRange): Buffer {
  const [a, b, c, d] = range;
  return Buffer.concat([bytes.subarray(a, a + b), bytes.subarray(c, c + d)]);
}
