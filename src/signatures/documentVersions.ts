import type { CreateDocumentInput, DocumentMeta, Vault, VersionRecord } from "../vault/index.js";
import type { WebhookService } from "../webhooks/index.js";
import type { VersionRecorder } from "./extendAudited.js";
import { auditOrTakeBack, versionAdded, VersionEvent } from "./versionEvent.js";

export interface DocumentVersionsDeps {
  vault: Vault;
  webhooks: Pick<WebhookService, "hold" | "release" | "drop" | "publish">;
}

/** A revised draft uploaded as a document's next version. */
export interface RevisionInput {
  pdf: Buffer;
  uploader: string;
  /** The version the draft was made from; the latest by default. */
  derivedFrom?: number;
}

/**
 * Documents and versions made by people (an upload, a revised draft) or by mohar's reports (a
 * signed weekly statement), for HTTP and the CLI alike: stored, audited in the same step (or
 * taken back without the entry), and told to webhooks as version.added.
 */
export class DocumentVersions {
  constructor(private readonly s: DocumentVersionsDeps) {}

  /** A new document with its first version; the event is queued once the entry is written (a new document has no earlier event to follow). */
  async create(recorder: VersionRecorder, input: CreateDocumentInput, detail?: string): Promise<{ document: DocumentMeta; version: VersionRecord }> {
    const { vault } = this.s;
    const made = await vault.createDocument(input);
    const { document, version } = made;
    await auditOrTakeBack(recorder.log, (f) => recorder.audit(f), { documentId: document.id, version: version.n, sha256: version.sha256, ...(detail === undefined ? {} : { detail }) }, (...v) => vault.withdrawLatest(...v));
    await this.publish(recorder, versionAdded(document.id, version));
    return made;
  }

  /** A revised draft as the document's next version (after `pinned` when the caller names it: else 412), its event held with the row. */
  async revise(recorder: VersionRecorder, documentId: string, pinned: number | undefined, input: RevisionInput): Promise<VersionRecord> {
    const { vault } = this.s;
    const event = new VersionEvent(recorder.log, this.s.webhooks, (v) => versionAdded(documentId, v));
    const version = await vault.addVersion(documentId, { ...input, action: "upload", ...(pinned === undefined ? {} : { expectedLatest: pinned }), withRow: event.withRow });
    await auditOrTakeBack(recorder.log, (f) => recorder.audit(f), { documentId, version: version.n, sha256: version.sha256 }, event.withdrawing((...v) => vault.withdrawLatest(...v)));
    await event.release();
    return version;
  }

  /**
   * The event of an action that is already durable: should it not be queued (the database is
   * down), it is logged as lost and the action stands.
   */
  private async publish(recorder: VersionRecorder, event: Parameters<WebhookService["publish"]>[0]): Promise<void> {
    try {
      await this.s.webhooks.publish(event);
    } catch (err) {
      recorder.log?.error({ err, event: event.type, orderingKey: event.orderingKey }, "the action is done but its webhook event could not be queued");
    }
  }
}
