import { randomBytes } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/index.js";
import { eventBody, type WebhookEvent } from "./events.js";

type Db = Kysely<Database> | Transaction<Database>;

/** A new event id, used as webhook-id: `msg_` and 16 random bytes (no '.', which the signed content uses as delimiter). */
function newEventId(): string {
  return `msg_${randomBytes(16).toString("base64url")}`;
}

/**
 * Puts an event in the outbox: one delivery per enabled subscription that asked for its type.
 * Given the transaction that records the event itself (a file's movement), both are stored or
 * neither is. Nothing is written when no subscription wants the event. Returns the event id.
 * `holdUntil`: the first attempt waits until then (or until released); meanwhile the delivery
 * already holds its place in its ordering key's queue.
 */
export async function enqueueEvent(db: Db, event: WebhookEvent, at: Date, holdUntil: Date = at): Promise<string | null> {
  const subscriptions = await db.selectFrom("webhook_subscriptions").select(["id", "event_types"]).where("enabled", "=", true).execute();
  const wanting = subscriptions.filter((s) => s.event_types.split(" ").includes(event.type));
  if (wanting.length === 0) return null;
  const id = newEventId();
  await db.insertInto("webhook_events").values({ id, type: event.type, body: eventBody(event, at), occurred_at: at }).execute();
  await db
    .insertInto("webhook_deliveries")
    .values(wanting.map((s) => ({ event_id: id, subscription_id: s.id, ordering_key: event.orderingKey, state: "pending" as const, attempts: 0, next_attempt_at: holdUntil, lease_until: null, last_status: null, last_error: null, created_at: at, delivered_at: null })))
    .execute();
  return id;
}
