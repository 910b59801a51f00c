import { createHash } from "node:crypto";
import { ObjectExistsError, ObjectNotFoundError, type ObjectStore } from "../store/index.js";

/** The answer a request made, kept to give again to a retry with the same key. */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

interface Claim {
  fingerprint: string;
  createdAt: string;
}

/** What a claim of an idempotency key found. */
export type ClaimOutcome =
  | { kind: "claimed" }
  | { kind: "replay"; response: StoredResponse }
  | { kind: "in_progress" }
  | { kind: "mismatch" };

/** How long a key and its answer are kept: retries within this time get the first answer. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const PREFIX = "idempotency";

/**
 * Idempotency keys in the object store every instance shares, create-only like everything else:
 * `idempotency/{sha256(actor, key)}/claim.json` names the request (its fingerprint) and is written
 * once by the first request; `response.json` holds its answer. A claim older than the TTL is
 * removed and the key starts afresh.
 */
export class IdempotencyRecords {
  constructor(
    private readonly store: ObjectStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private prefix(actor: string, key: string): string {
    return `${PREFIX}/${createHash("sha256").update(actor).update("\0").update(key).digest("hex")}`;
  }

  async claim(actor: string, key: string, fingerprint: string): Promise<ClaimOutcome> {
    const p = this.prefix(actor, key);
    const body = Buffer.from(JSON.stringify({ fingerprint, createdAt: this.now().toISOString() } satisfies Claim));
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await this.store.putIfAbsent(`${p}/claim.json`, body, body.length);
        return { kind: "claimed" };
      } catch (e) {
        if (!(e instanceof ObjectExistsError)) throw e;
      }
      const existing = await this.read<Claim>(`${p}/claim.json`);
      if (existing && this.now().getTime() - Date.parse(existing.createdAt) > IDEMPOTENCY_TTL_MS) {
        await this.forget(actor, key);
        continue;
      }
      if (!existing) continue;
      if (existing.fingerprint !== fingerprint) return { kind: "mismatch" };
      const response = await this.read<StoredResponse>(`${p}/response.json`);
      return response ? { kind: "replay", response } : { kind: "in_progress" };
    }
    return { kind: "in_progress" };
  }

  async complete(actor: string, key: string, response: StoredResponse): Promise<void> {
    const body = Buffer.from(JSON.stringify(response));
    await this.store.putIfAbsent(`${this.prefix(actor, key)}/response.json`, body, body.length);
  }

  /** Frees a key whose request failed on the server's side, so that a retry does the work. */
  async forget(actor: string, key: string): Promise<void> {
    const p = this.prefix(actor, key);
    await this.store.delete(`${p}/response.json`).catch(ignoreMissing);
    await this.store.delete(`${p}/claim.json`).catch(ignoreMissing);
  }

  private async read<T>(key: string): Promise<T | null> {
    try {
      return JSON.parse((await this.store.getBuffer(key)).toString("utf8")) as T;
    } catch (e) {
      if (e instanceof ObjectNotFoundError) return null;
      throw e;
    }
  }
}

function ignoreMissing(e: unknown): void {
  if (!(e instanceof ObjectNotFoundError)) throw e;
}
