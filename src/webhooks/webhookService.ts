import { randomUUID } from "node:crypto";
import type { Kysely, Selectable, Transaction } from "kysely";
import { z } from "zod";
import type { Database } from "../db/index.js";
import { MoharError } from "../errors.js";
import { enqueueEvent } from "./outbox.js";
import { WEBHOOK_EVENT_TYPES, type WebhookEvent } from "./events.js";
import { newSecret } from "./signature.js";
import type { TargetPolicy } from "./targetPolicy.js";

export interface Subscription {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  enabled: boolean;
  disabledReason: string | null;
  createdBy: string;
  createdAt: string;
}

export interface DeliveryView {
  id: number;
  eventId: string;
  type: string;
  orderingKey: string | null;
  state: "pending" | "delivered" | "failed";
  /** When the next attempt is due (pending only). */
  nextAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  attempts: { n: number; at: string; status: number | null; error: string | null; ms: number }[];
}

export interface WebhookServiceDependencies {
  db(): Promise<Kysely<Database>>;
  /** The database when this process has it open, else null (see main.ts). */
  dbIfOpen(): Promise<Kysely<Database> | null>;
  policy: TargetPolicy;
  now?: () => Date;
}

const MAX_SUBSCRIPTIONS = 100;
/**
 * How long an event queued with its version waits for `release` before it goes out anyway: the
 * instance that stored the version stopped before its audit entry, and the version stays (the
 * start-up reconciliation records it).
 */
const HOLD_MS = 60_000;

const createInput = z
  .object({
    url: z.string({ error: (issue) => (issue.input === undefined ? "url is required" : "url must be a string") }).max(2000, "url must be at most 2000 characters"),
    events: z
      .array(z.enum(WEBHOOK_EVENT_TYPES, { error: `events must be among ${WEBHOOK_EVENT_TYPES.join(", ")}` }), { error: (issue) => (issue.input === undefined ? "events is required" : "events must be an array") })
      .min(1, "events must name at least one event type"),
    description: z.string().max(200, "description must be at most 200 characters").optional(),
  })
  .strict();

type SubscriptionRow = Selectable<Database["webhook_subscriptions"]>;
const iso = (d: Date | string) => new Date(d).toISOString();

function view(s: SubscriptionRow): Subscription {
  return { id: s.id, url: s.url, events: s.event_types.split(" "), description: s.description, enabled: s.enabled, disabledReason: s.disabled_reason, createdBy: s.created_by, createdAt: iso(s.created_at) };
}

const notFound = (id: string) => new MoharError("webhook.not_found", `there is no webhook subscription with id ${JSON.stringify(id)}`);

/** Webhook subscriptions (admins manage them), their delivery log, redelivery; and telling events to them. */
export class WebhookService {
  private readonly now: () => Date;
  constructor(private readonly deps: WebhookServiceDependencies) {
    this.now = deps.now ?? (() => new Date());
  }

  /** A new subscription; its signing secret is in this answer only. */
  async create(actor: string, body: unknown): Promise<Subscription & { secret: string }> {
    const parsed = createInput.safeParse(body);
    if (!parsed.success) throw new MoharError("webhook.bad_input", parsed.error.issues.map((i) => i.message).join("; "));
    const url = this.deps.policy.checkUrl(parsed.data.url);
    const db = await this.deps.db();
    const { count } = await db.selectFrom("webhook_subscriptions").select((eb) => eb.fn.countAll<number>().as("count")).executeTakeFirstOrThrow();
    if (Number(count) >= MAX_SUBSCRIPTIONS) throw new MoharError("webhook.too_many", `at most ${MAX_SUBSCRIPTIONS} subscriptions; delete one first`);
    const row: SubscriptionRow = {
      id: randomUUID(),
      url: url.href,
      event_types: [...new Set(parsed.data.events)].join(" "),
      description: parsed.data.description ?? null,
      secret: newSecret(),
      enabled: true,
      disabled_reason: null,
      created_by: actor,
      created_at: this.now(),
    };
    await db.insertInto("webhook_subscriptions").values(row).execute();
    return { ...view(row), secret: row.secret };
  }

  async list(): Promise<Subscription[]> {
    const rows = await (await this.deps.db()).selectFrom("webhook_subscriptions").selectAll().orderBy("created_at").orderBy("id").execute();
    return rows.map(view);
  }

  async get(id: string): Promise<Subscription> {
    return view(await this.row(id));
  }

  /** Deletes the subscription with its delivery log; events not yet delivered to it are dropped. */
  async remove(id: string): Promise<void> {
    const db = await this.deps.db();
    const deleted = await db.deleteFrom("webhook_subscriptions").where("id", "=", id).executeTakeFirst();
    if (deleted.numDeletedRows === 0n) throw notFound(id);
  }

  /** Disabled: no new events are queued for it and pending ones wait; enabled again, they go out. */
  async setEnabled(id: string, enabled: boolean, reason: string | null): Promise<Subscription> {
    const db = await this.deps.db();
    const updated = await db.updateTable("webhook_subscriptions").set({ enabled, disabled_reason: enabled ? null : reason }).where("id", "=", id).executeTakeFirst();
    if (updated.numUpdatedRows === 0n) throw notFound(id);
    return this.get(id);
  }

  /** The delivery log, newest first: every delivery with its attempts, status codes and next attempt. */
  async deliveries(id: string, opts: { limit: number; state?: string; only?: number }): Promise<DeliveryView[]> {
    await this.row(id);
    const db = await this.deps.db();
    let q = db
      .selectFrom("webhook_deliveries as d")
      .innerJoin("webhook_events as e", "e.id", "d.event_id")
      .selectAll("d")
      .select("e.type")
      .where("d.subscription_id", "=", id);
    if (opts.state) {
      if (!["pending", "delivered", "failed"].includes(opts.state)) throw new MoharError("webhook.bad_input", "state must be pending, delivered or failed");
      q = q.where("d.state", "=", opts.state as DeliveryView["state"]);
    }
    if (opts.only !== undefined) q = q.where("d.id", "=", opts.only);
    const rows = await q.orderBy("d.id", "desc").limit(opts.limit).execute();
    const ids = rows.map((r) => Number(r.id));
    const attempts = ids.length === 0 ? [] : await db.selectFrom("webhook_attempts").selectAll().where("delivery_id", "in", ids).orderBy("n").execute();
    return rows.map((r) => ({
      id: Number(r.id),
      eventId: r.event_id,
      type: r.type,
      orderingKey: r.ordering_key,
      state: r.state,
      nextAttemptAt: r.state === "pending" ? iso(r.next_attempt_at) : null,
      lastStatus: r.last_status,
      lastError: r.last_error,
      createdAt: iso(r.created_at),
      deliveredAt: r.delivered_at ? iso(r.delivered_at) : null,
      attempts: attempts.filter((a) => Number(a.delivery_id) === Number(r.id)).map((a) => ({ n: a.n, at: iso(a.at), status: a.status, error: a.error, ms: a.ms })),
    }));
  }

  /**
   * Sends a delivery's event again as a new delivery (same webhook-id, so a receiver that has it
   * can tell), due now and retried for another 24 h. A delivery still pending is not doubled.
   */
  async redeliver(id: string, deliveryId: string): Promise<DeliveryView> {
    await this.row(id);
    const db = await this.deps.db();
    const n = /^[1-9]\d{0,15}$/.test(deliveryId) ? Number(deliveryId) : NaN;
    const d = Number.isNaN(n) ? undefined : await db.selectFrom("webhook_deliveries").selectAll().where("id", "=", n).where("subscription_id", "=", id).executeTakeFirst();
    if (!d) throw new MoharError("webhook.delivery_not_found", `subscription ${id} has no delivery ${JSON.stringify(deliveryId)}`);
    if (d.state === "pending") throw new MoharError("webhook.delivery_pending", `delivery ${n} is still pending (next attempt ${iso(d.next_attempt_at)})`);
    const at = this.now();
    const inserted = await db
      .insertInto("webhook_deliveries")
      .values({ event_id: d.event_id, subscription_id: id, ordering_key: d.ordering_key, state: "pending", attempts: 0, next_attempt_at: at, lease_until: null, last_status: null, last_error: null, created_at: at, delivered_at: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    const [made] = await this.deliveries(id, { limit: 1, only: Number(inserted.id) });
    return made as DeliveryView;
  }

  /**
   * Tells an event that happened outside the database (a version stored, a verification), once
   * the action is durable (its audit entry written). A process that has not opened its database
   * (a test server that never used it) has no subscriptions to tell.
   */
  async publish(event: WebhookEvent): Promise<void> {
    const db = await this.deps.dbIfOpen();
    if (db) await enqueueEvent(db, event, this.now());
  }

  /**
   * Queues an event in the transaction that records what it tells (a version's row), held back:
   * its deliveries take their place in the order of their key at once, so versions of a document
   * are told in the order of their numbers whichever request finishes first, but none goes out
   * until `release` (the version's audit entry is written) or, failing that, for HOLD_MS.
   */
  hold(tx: Transaction<Database>, event: WebhookEvent): Promise<string | null> {
    const at = this.now();
    return enqueueEvent(tx, event, at, new Date(at.getTime() + HOLD_MS));
  }

  /** A held event may go now. */
  async release(eventId: string): Promise<void> {
    const db = await this.deps.db();
    await db.updateTable("webhook_deliveries").set({ next_attempt_at: this.now() }).where("event_id", "=", eventId).where("state", "=", "pending").where("attempts", "=", 0).execute();
  }

  /** A held event of something taken back (a version whose audit entry failed): it is never told. */
  async drop(eventId: string): Promise<void> {
    const db = await this.deps.db();
    await db.transaction().execute(async (tx) => {
      await tx.deleteFrom("webhook_deliveries").where("event_id", "=", eventId).execute();
      await tx.deleteFrom("webhook_events").where("id", "=", eventId).execute();
    });
  }

  private async row(id: string): Promise<SubscriptionRow> {
    const row = await (await this.deps.db()).selectFrom("webhook_subscriptions").selectAll().where("id", "=", id).executeTakeFirst();
    if (!row) throw notFound(id);
    return row;
  }
}
