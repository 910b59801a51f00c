/**
 * Token buckets keyed by caller: each holds up to `perMinute` tokens and refills continuously
 * at `perMinute` per minute. In memory, per app instance.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
    private readonly maxBuckets = 10_000,
  ) {
    this.perMs = perMinute / 60_000;
  }

  /** Takes one token. Returns 0 when granted, else the seconds until a token is available. */
  take(key: string): number {
    const now = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    b.tokens = Math.min(this.perMinute, b.tokens + (now - b.at) * this.perMs);
    b.at = now;
    if (!this.buckets.has(key)) this.remember(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.perMs / 1000));
  }

  /** Bounds memory: when full, forget buckets that have refilled (they behave like new ones). */
  private remember(key: string, b: { tokens: number; at: number }): void {
    if (this.buckets.size >= this.maxBuckets) {
      const now = this.now();
      for (const [k, v] of this.buckets) {
        if (v.tokens + (now - v.at) * this.perMs >= this.perMinute) this.buckets.delete(k);
      }
    }
    this.buckets.set(key, b);
  }
}
