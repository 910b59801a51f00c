import { MoharError } from "../../src/errors.js";

// Tasks for the WorkerPool tests; each runs inside a worker thread.
export function byteSum(input: Buffer, opts: { times?: number } = {}): number {
  return input.reduce((a, b) => a + b, 0) * (opts.times ?? 1);
}

export function spin(): never {
  for (;;) {
    // A synchronous loop, like a parser stuck on a pathological file.
  }
}

export function hoard(): number {
  const keep: number[][] = [];
  for (;;) keep.push(new Array(1_000_000).fill(1));
}

export function refuse(): never {
  throw new MoharError("pdf.encrypted", "the PDF is encrypted");
}
