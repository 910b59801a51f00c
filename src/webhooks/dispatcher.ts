import { sql, type Kysely } from "kysely";
import type { Database } from "../db/index.js";
import { isMoharError } from "../errors.js";
import { sendWebhook, type SendResult } from "./send.js";
import { signatureHeader } from "./signature.js";
import type { TargetPolicy } from "./targetPolicy.js";

export interface DispatchSettings {
  /** One attempt, connect to status line. */
  timeoutMs: number;
  /** Attempts in flight at once, per instance. */
  concurrency: number;
  /** The first retry's delay; each next one doubles, up to MAX_DELAY_MS. */
  retryBaseMs: number;
  /** Retries stop this long after the event (24 h). */
  retryForMs: number;
  /** How often the outbox is read for due deliveries. */
  pollMs: number;
}

/** One finished attempt, for the metrics. */
export interface DeliveryObservation {
  type: string;
  outcome: "delivered" | "retrying" | "failed";
  seconds: number;
}

export interface DispatcherDependencies {
  /** The database when this process has it open, else null (nothing can be queued then). */
  db(): Promise<Kysely<Database> | null>;
  policy: TargetPolicy;
  settings: DispatchSettings;
  now: () => Date;
  observe?: (o: DeliveryObservation) => void;
  onError?: (err: unknown) => void;
}

interface Claimed {
  id: number;
  attempts: number;
  created_at: Date;
  event_id: string;
  type: string;
  body: string;
  subscription_id: string;
  url: string;
  secret: string;
}

const MAX_DELAY_MS = 2 * 60 * 60 * 1000;

/** The delay before retry `attempts + 1`: base × 2^(attempts-1), at most 2 h, plus up to 10 % jitter. */
export function retryDelayMs(attempts: number, baseMs: number, random = Math.random()): number {
  const exp = Math.min(baseMs * 2 ** Math.max(0, attempts - 1), MAX_DELAY_MS);
  return Math.round(exp * (1 + 0.1 * random));
}

/**
 * Delivers the outbox in the background, never on a request's path. Each instance claims due
 * deliveries with a lease (FOR UPDATE SKIP LOCKED, so instances sharing the database never send
 * one attempt twice), at most `concurrency` at a time, each bounded by `timeoutMs`. A delivery
 * waits while an earlier one with its ordering key (its file, its document) is still pending for
 * that subscription, so a receiver sees one file's events in order even across retries.
 */
export class WebhookDispatcher {
  private readonly inFlight = new Set<Promise<void>>();
  private pumping: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly deps: DispatcherDependencies) {}

  start(): void {
    this.stopped = false;
    const tick = (): void => {
      this.timer = setTimeout(() => {
        void this.runOnce()
          .catch((err: unknown) => this.deps.onError?.(err))
          .finally(() => {
            if (!this.stopped) tick();
          });
      }, this.deps.settings.pollMs);
      this.timer.unref();
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.pumping?.catch(() => undefined);
  }

  /** Sends every delivery that is due now (and those that become due by the order rule as earlier ones finish); resolves when none is left to send. */
  runOnce(): Promise<void> {
    this.pumping ??= this.pump().finally(() => (this.pumping = null));
    return this.pumping;
  }

  private async pump(): Promise<void> {
    const db = await this.deps.db();
    if (!db) return;
    const { concurrency } = this.deps.settings;
    for (;;) {
      const free = concurrency - this.inFlight.size;
      const claimed = free > 0 && !this.stopped ? await this.claim(db, free) : [];
      for (const c of claimed) {
        const p: Promise<void> = this.attempt(db, c)
          .catch((err: unknown) => this.deps.onError?.(err))
          .finally(() => this.inFlight.delete(p));
        this.inFlight.add(p);
      }
      if (this.inFlight.size === 0) return;
      if (claimed.length === 0 || this.inFlight.size >= concurrency) await Promise.race(this.inFlight);
    }
  }

  private async claim(db: Kysely<Database>, limit: number): Promise<Claimed[]> {
    const now = this.deps.now();
    // A crashed instance's lease runs out; the delivery is then attempted again.
    const leaseUntil = new Date(now.getTime() + this.deps.settings.timeoutMs * 2 + 5000);
    const ids = await db.transaction().execute(async (tx) => {
      const due = await sql<{ id: number }>`
        select d.id from webhook_deliveries d
        join webhook_subscriptions s on s.id = d.subscription_id and s.enabled
        where d.state = 'pending' and d.next_attempt_at <= ${now}
          and (d.lease_until is null or d.lease_until <= ${now})
          and not exists (
            select 1 from webhook_deliveries e
            where e.subscription_id = d.subscription_id and e.ordering_key = d.ordering_key
              and e.state = 'pending' and e.id < d.id)
        order by d.id
        limit ${limit}
        for update of d skip locked`.execute(tx);
      const list = due.rows.map((r) => Number(r.id));
      if (list.length > 0) await tx.updateTable("webhook_deliveries").set({ lease_until: leaseUntil }).where("id", "in", list).execute();
      return list;
    });
    if (ids.length === 0) return [];
    const rows = await db
      .selectFrom("webhook_deliveries as d")
      .innerJoin("webhook_events as e", "e.id", "d.event_id")
      .innerJoin("webhook_subscriptions as s", "s.id", "d.subscription_id")
      .select(["d.id", "d.attempts", "d.created_at", "d.event_id", "e.type", "e.body", "d.subscription_id", "s.url", "s.secret"])
      .where("d.id", "in", ids)
      .orderBy("d.id")
      .execute();
    return rows.map((r) => ({ ...r, id: Number(r.id), created_at: new Date(r.created_at) }));
  }

  private async attempt(db: Kysely<Database>, c: Claimed): Promise<void> {
    const { policy, settings } = this.deps;
    const sentAt = this.deps.now();
    const timestamp = Math.floor(sentAt.getTime() / 1000);
    const started = performance.now();
    let result: SendResult;
    try {
      const url = policy.checkUrl(c.url);
      const headers = { "webhook-id": c.event_id, "webhook-timestamp": String(timestamp), "webhook-signature": signatureHeader(c.secret, c.event_id, timestamp, c.body) };
      result = await sendWebhook(url, headers, c.body, { timeoutMs: settings.timeoutMs, policy });
    } catch (err) {
      if (!isMoharError(err)) throw err;
      result = { status: null, error: err.message };
    }
    const ms = Math.round(performance.now() - started);
    const n = c.attempts + 1;
    const delivered = result.status !== null && result.status >= 200 && result.status < 300;
    const at = this.deps.now();
    const retryAt = new Date(at.getTime() + retryDelayMs(n, settings.retryBaseMs));
    // 410 Gone: the receiver asks for no more (Standard Webhooks); the subscription is disabled.
    const gone = result.status === 410;
    const givesUp = !delivered && (gone || retryAt.getTime() > c.created_at.getTime() + settings.retryForMs);
    const outcome = delivered ? "delivered" : givesUp ? "failed" : "retrying";
    await db.transaction().execute(async (tx) => {
      await tx.insertInto("webhook_attempts").values({ delivery_id: c.id, n, at: sentAt, status: result.status, error: result.error, ms }).execute();
      await tx
        .updateTable("webhook_deliveries")
        .set({
          attempts: n,
          state: delivered ? "delivered" : givesUp ? "failed" : "pending",
          lease_until: null,
          last_status: result.status,
          last_error: result.error,
          ...(delivered ? { delivered_at: at } : givesUp ? {} : { next_attempt_at: retryAt }),
        })
        .where("id", "=", c.id)
        .execute();
      if (gone) await tx.updateTable("webhook_subscriptions").set({ enabled: false, disabled_reason: "the receiver answered 410 Gone" }).where("id", "=", c.subscription_id).execute();
    });
    this.deps.observe?.({ type: c.type, outcome, seconds: ms / 1000 });
  }
}
