import type { VersionRecord, VersionRowHook } from "../vault/index.js";
import type { WebhookEvent, WebhookService } from "../webhooks/index.js";

/** Where a use case logs what it cannot answer with (pino's request logger, or none). */
export type ErrorLog = { error(obj: object, msg: string): void } | undefined;

/** What a version's event needs of the webhooks. */
export type EventHolder = Pick<WebhookService, "hold" | "release" | "drop">;

/**
 * The event of a version added to an existing document, queued in the transaction that publishes
 * the version's row (`withRow`), so that a document's events are in the order of its version
 * numbers even when two requests make versions at once; held back until the version's audit entry
 * is written (`release`), dropped with a version taken back (`withdrawing`).
 */
export class VersionEvent {
  private eventId: string | null = null;

  constructor(
    private readonly log: ErrorLog,
    private readonly webhooks: EventHolder,
    private readonly make: (v: VersionRecord) => WebhookEvent,
  ) {}

  readonly withRow: VersionRowHook = async (tx, _documentId, v) => {
    this.eventId = await this.webhooks.hold(tx, this.make(v));
  };

  /** The version is durable (its audit entry written): the event may go. Should this fail, it goes when its hold runs out. */
  async release(): Promise<void> {
    if (this.eventId === null) return;
    await this.webhooks.release(this.eventId).catch((err: unknown) => this.log?.error({ err, eventId: this.eventId }, "a version's webhook event could not be released; it goes when its hold runs out"));
  }

  /** `withdraw`, and the event dropped when the version was taken back. */
  withdrawing(withdraw: (id: string, n: number, sha256: string) => Promise<boolean>): (id: string, n: number, sha256: string) => Promise<boolean> {
    return async (...v) => {
      const withdrawn = await withdraw(...v);
      if (withdrawn && this.eventId !== null) {
        await this.webhooks.drop(this.eventId).catch((err: unknown) => this.log?.error({ err, eventId: this.eventId }, "the webhook event of a version taken back could not be dropped"));
      }
      return withdrawn;
    };
  }
}

/** document.signed: a version made by signing `signedVersion` as `officerId`. */
export function documentSigned(documentId: string, v: VersionRecord, signedVersion: number, officerId: string): WebhookEvent {
  return {
    type: "document.signed",
    orderingKey: `document:${documentId}`,
    data: { documentId, version: v.n, signedVersion, officerId, sha256: v.sha256, signedBy: v.uploader, createdAt: v.createdAt },
  };
}

/** version.added: a new version made by an upload (version 1 or a revised draft) or a document timestamp. */
export function versionAdded(documentId: string, v: VersionRecord): WebhookEvent {
  return {
    type: "version.added",
    orderingKey: `document:${documentId}`,
    data: { documentId, version: v.n, sha256: v.sha256, size: v.size, pageCount: v.pageCount, derivedFrom: v.derivedFrom, uploader: v.uploader, createdAt: v.createdAt },
  };
}

/** What a version's audit entry says; actor, action and outcome are the recorder's. */
export interface VersionFacts {
  documentId: string;
  version: number;
  sha256: string;
  detail?: string;
}

/**
 * Records the audit entry of a version just stored; when the entry cannot be written (the log
 * failed, the disk is full, the store is out), the version is taken back before the error goes
 * on, so that no version is visible without its entry. A version that cannot be taken back is
 * logged, and recorded as unaudited by the reconciliation that runs after start.
 */
export async function auditOrTakeBack<E>(log: ErrorLog, audit: (facts: VersionFacts) => Promise<E>, facts: VersionFacts, withdraw: (id: string, n: number, sha256: string) => Promise<boolean>): Promise<E> {
  try {
    return await audit(facts);
  } catch (err) {
    const withdrawn = await withdraw(facts.documentId, facts.version, facts.sha256).catch((withdrawErr: unknown) => {
      log?.error({ err: withdrawErr }, "could not take back a version whose audit entry failed");
      return false;
    });
    log?.error({ err, documentId: facts.documentId, version: facts.version, withdrawn }, withdrawn ? "audit entry failed: the version was taken back" : "audit entry failed: the version stays, unaudited until reconciled");
    throw err;
  }
}
