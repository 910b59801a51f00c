/** The events a subscription can ask for. */
export const WEBHOOK_EVENT_TYPES = ["document.signed", "version.added", "file.moved", "file.overdue", "verification.failed"] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** One thing that happened, to be told to every subscription that asked for its type. */
export interface WebhookEvent {
  type: WebhookEventType;
  /**
   * Events with one key (`file:<id>`, `document:<id>`) reach each receiver in the order they
   * were recorded; the next waits until the one before is delivered or given up. Null: no order.
   */
  orderingKey: string | null;
  /** What happened (Standard Webhooks `data`): ids and facts, never a PDF or a secret. */
  data: Record<string, unknown>;
}

export function isEventType(t: unknown): t is WebhookEventType {
  return typeof t === "string" && (WEBHOOK_EVENT_TYPES as readonly string[]).includes(t);
}

/** The JSON body sent for an event (Standard Webhooks: type, timestamp, data), minified, exactly as signed. */
export function eventBody(event: WebhookEvent, at: Date): string {
  return JSON.stringify({ type: event.type, timestamp: at.toISOString(), data: event.data });
}
