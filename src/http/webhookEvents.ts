import type { Request } from "express";
import type { VersionRecord, VersionRowHook } from "../vault/index.js";
import type { VerificationReport } from "../verification/index.js";
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

/**
 * The event of a version added to an existing document, queued in the transaction that publishes
 * the version's row (`withRow`), so that a document's events are in the order of its version
 * numbers even when two requests make versions at once; held back until the version's audit entry
 * is written (`release`), dropped with a version taken back (`withdrawing`).
 */
export class VersionEvent {
  private eventId: string | null = null;

  constructor(
    private readonly req: Request,
    private readonly sink: EventSink,
    private readonly make: (v: VersionRecord) => WebhookEvent,
  ) {}

  readonly withRow: VersionRowHook = async (tx, _documentId, v) => {
    this.eventId = await this.sink.webhooks.hold(tx, this.make(v));
  };

  /** The version is durable (its audit entry written): the event may go. Should this fail, it goes when its hold runs out. */
  async release(): Promise<void> {
    if (this.eventId === null) return;
    await this.sink.webhooks.release(this.eventId).catch((err: unknown) => this.req.log?.error({ err, eventId: this.eventId }, "a version's webhook event could not be released; it goes when its hold runs out"));
  }

  /** `withdraw`, and the event dropped when the version was taken back. */
  withdrawing(withdraw: (id: string, n: number, sha256: string) => Promise<boolean>): (id: string, n: number, sha256: string) => Promise<boolean> {
    return async (...v) => {
      const withdrawn = await withdraw(...v);
      if (withdrawn && this.eventId !== null) {
        await this.sink.webhooks.drop(this.eventId).catch((err: unknown) => this.req.log?.error({ err, eventId: this.eventId }, "the webhook event of a version taken back could not be dropped"));
      }
      return withdrawn;
    };
  }
}

/** version.added: a new version made by an upload (version 1 or a revised draft). */
export function versionAdded(documentId: string, v: VersionRecord): WebhookEvent {
  return {
    type: "version.added",
    orderingKey: `document:${documentId}`,
    data: { documentId, version: v.n, sha256: v.sha256, size: v.size, pageCount: v.pageCount, derivedFrom: v.derivedFrom, uploader: v.uploader, createdAt: v.createdAt },
  };
}

/** document.signed: a version made by signing `signedVersion` as `officerId`. */
export function documentSigned(documentId: string, v: VersionRecord, signedVersion: number, officerId: string): WebhookEvent {
  return {
    type: "document.signed",
    orderingKey: `document:${documentId}`,
    data: { documentId, version: v.n, signedVersion, officerId, sha256: v.sha256, signedBy: v.uploader, createdAt: v.createdAt },
  };
}

/** verification.failed: a verification whose verdict is TOTAL_FAILED (a signature is invalid, or the document changed after it). */
export function verificationFailed(report: VerificationReport, facts: { sha256: string; documentId?: string; version?: number }): WebhookEvent | null {
  if (report.status !== "TOTAL_FAILED") return null;
  return {
    type: "verification.failed",
    orderingKey: facts.documentId ? `document:${facts.documentId}` : null,
    data: {
      documentId: facts.documentId ?? null,
      version: facts.version ?? null,
      sha256: facts.sha256,
      status: report.status,
      subIndication: report.subIndication,
      statusReason: report.statusReason,
      signatureCount: report.signatureCount,
    },
  };
}
