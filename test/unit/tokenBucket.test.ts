import { describe, expect, it } from "vitest";
import { TokenBuckets } from "../../src/http/auth/tokenBucket.js";

describe("TokenBuckets", () => {
  it("allows a burst of perMinute, then refills continuously, per key", () => {
    let now = 0;
    const b = new TokenBuckets(60, () => now);
    for (let i = 0; i < 60; i++) expect(b.take("a")).toBe(0);
    expect(b.take("a")).toBe(1); // one token per second
    expect(b.take("b")).toBe(0);
    now += 1000;
    expect(b.take("a")).toBe(0);
    expect(b.take("a")).toBe(1);
    now += 60_000;
    for (let i = 0; i < 60; i++) expect(b.take("a")).toBe(0);
    expect(b.take("a")).toBeGreaterThan(0);
  });

  it("bounds memory by forgetting refilled buckets", () => {
    let now = 0;
    const b = new TokenBuckets(10, () => now, 2);
    b.take("a");
    b.take("b");
    now += 60_000;
    b.take("c");
    expect((b as unknown as { buckets: Map<string, unknown> }).buckets.size).toBe(1);
  });
});
