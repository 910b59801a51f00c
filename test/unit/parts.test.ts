import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { partsOf } from "../../src/store/parts.js";

async function sizes(chunks: number[], size: number): Promise<[number, boolean][]> {
  const out: [number, boolean][] = [];
  const src = Readable.from(chunks.map((n) => Buffer.alloc(n, 1)));
  for await (const p of partsOf(src, size)) out.push([p.data.length, p.last]);
  return out;
}

describe("partsOf", () => {
  it("re-slices any chunking into fixed-size parts and marks the last", async () => {
    expect(await sizes([3, 3, 3], 4)).toEqual([[4, false], [4, false], [1, true]]);
    expect(await sizes([8], 4)).toEqual([[4, false], [4, true]]);
    expect(await sizes([2, 2], 4)).toEqual([[4, true]]);
    expect(await sizes([1], 4)).toEqual([[1, true]]);
    expect(await sizes([], 4)).toEqual([[0, true]]);
  });
});
