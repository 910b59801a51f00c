import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "./schema.js";

/** What a claim of an idempotency key found; `R` is the kept answer (opaque JSON here). */
export type KeyClaim<R> = { kind: "claimed" } | { kind: "replay"; response: R } | { kind: "in_progress" } | { kind: "mismatch" };

/** How long a key and its answer are kept: retries within this time get the first answer. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** Expired keys are swept at most this often per instance. */
const SWEEP_EVERY_MS = 60 * 60 * 1000;

/**
 * Idempotency keys in the database every instance shares: one row per caller and key (hashed),
 * inserted by the first request (the primary key makes a second insert, here or on another
 * instance, find the first), with the request's fingerprint and, once done, its answer. A key
 * older than the TTL starts afresh; expired rows are swept now and then.
 */
export class IdempotencyKeys<R> {
  private lastSweep = 0;

  constructor(
    private readonly db: () => Promise<Kysely<Database>>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private id(actor: string, key: string): string {
    return createHash("sha256").update(actor).update("\0").update(key).digest("hex");
  }

  async claim(actor: string, key: string, fingerprint: string): Promise<KeyClaim<R>> {
    const db = await this.db();
    const id = this.id(actor, key);
    const now = this.now();
    this.sweep(db, now);
    for (let attempt = 0; attempt < 2; attempt++) {
      const inserted = await db.insertInto("idempotency_keys").values({ id, fingerprint, created_at: now, response: null }).onConflict((oc) => oc.doNothing()).executeTakeFirst();
      if (inserted.numInsertedOrUpdatedRows === 1n) return { kind: "claimed" };
      const existing = await db.selectFrom("idempotency_keys").selectAll().where("id", "=", id).executeTakeFirst();
      if (!existing) continue;
      if (now.getTime() - new Date(existing.created_at).getTime() > IDEMPOTENCY_TTL_MS) {
        await db.deleteFrom("idempotency_keys").where("id", "=", id).where("created_at", "=", existing.created_at).execute();
        continue;
      }
      if (existing.fingerprint !== fingerprint) return { kind: "mismatch" };
      return existing.response === null ? { kind: "in_progress" } : { kind: "replay", response: JSON.parse(existing.response) as R };
    }
    return { kind: "in_progress" };
  }

  async complete(actor: string, key: string, response: R): Promise<void> {
    await (await this.db()).updateTable("idempotency_keys").set({ response: JSON.stringify(response) }).where("id", "=", this.id(actor, key)).where("response", "is", null).execute();
  }

  /** Frees a key whose request failed on the server's side, so that a retry does the work. */
  async forget(actor: string, key: string): Promise<void> {
    await (await this.db()).deleteFrom("idempotency_keys").where("id", "=", this.id(actor, key)).execute();
  }

  private sweep(db: Kysely<Database>, now: Date): void {
    if (now.getTime() - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now.getTime();
    const cutoff = new Date(now.getTime() - IDEMPOTENCY_TTL_MS);
    // Best effort, off the request's path: a key left over is still expired when it is claimed.
    void db.deleteFrom("idempotency_keys").where("created_at", "<", cutoff).execute().catch(() => undefined);
  }
}
