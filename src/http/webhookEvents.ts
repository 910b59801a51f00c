import type { Request } from "express";
import type { WebhookEvent } from "../webhooks/index.js";
import type { AppServices } from "./app.js";

/** What a router needs to tell webhook subscribers. */
export type EventSink = Pick<AppServices, "webhooks">;

/**
 * Queues a webhook event for an action that is already durable (stored, its audit entry
 * written). The action stands whatever happens here: an event that cannot be queued (the
 * database is down) is logged as lost, and the caller still gets the action's answer.
 */
export async function publishEvent(req: Request, sink: EventSink, event: WebhookEvent): Promise<void> {
  try {
    await sink.webhooks.publish(event);
  } catch (err) {
    req.log?.error({ err, event: event.type, orderingKey: event.orderingKey }, "the action is done but its webhook event could not be queued");
  }
}
