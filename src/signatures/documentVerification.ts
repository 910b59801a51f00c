import { createHash } from "node:crypto";
import { MoharError } from "../errors.js";
import type { Vault } from "../vault/index.js";
import type { VerificationReport, Verifier } from "../verification/index.js";
import type { WebhookEvent, WebhookService } from "../webhooks/index.js";
import type { ErrorLog } from "./versionEvent.js";

/** Where a verification records its audit entry (the route's trail, or a command's). */
export interface VerificationRecorder {
  audit(facts: { sha256: string; detail: string; documentId?: string; version?: number }): Promise<unknown>;
  log?: ErrorLog;
}

export interface DocumentVerificationDeps {
  verifier: Verifier;
  vault: Pick<Vault, "readVersion">;
  webhooks: Pick<WebhookService, "publish">;
}

export interface Verified {
  report: VerificationReport;
  /** SHA-256 of the PDF verified, hex. */
  sha256: string;
}

/** What the audit entry says of a report: the verdict and the number of signatures. */
function verdict(r: VerificationReport): string {
  return `${r.status}${r.subIndication ? `/${r.subIndication}` : ""}, ${r.signatureCount} signature(s)`;
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

/**
 * Verifying a PDF for an auditor, uploaded or a stored version: the report, its audit entry with
 * the PDF's sha256 and the verdict (written before the report is given), and `verification.failed`
 * told to webhooks when the verdict is TOTAL_FAILED. A failing signature is a report, not an
 * error; only input that is not a readable PDF throws.
 */
export class DocumentVerification {
  constructor(private readonly s: DocumentVerificationDeps) {}

  /** An uploaded PDF. */
  async verifyUpload(recorder: VerificationRecorder, pdf: Buffer): Promise<Verified> {
    return this.verify(recorder, pdf, {});
  }

  /** Version `n` (the path's text, checked here) of a stored document. */
  async verifyVersion(recorder: VerificationRecorder, documentId: string, n: string | number): Promise<Verified> {
    const raw = String(n);
    if (!/^[1-9]\d{0,9}$/.test(raw)) throw new MoharError("version.not_found", `document ${documentId} has no version ${raw}`);
    const version = Number(raw);
    const pdf = await this.s.vault.readVersion(documentId, version);
    return this.verify(recorder, pdf, { documentId, version });
  }

  private async verify(recorder: VerificationRecorder, pdf: Buffer, about: { documentId?: string; version?: number }): Promise<Verified> {
    const report = await this.s.verifier.verify(pdf);
    const sha256 = createHash("sha256").update(pdf).digest("hex");
    await recorder.audit({ ...about, sha256, detail: verdict(report) });
    const event = verificationFailed(report, { sha256, ...about });
    if (event) {
      // The verification stands (its entry is written): an event that cannot be queued is logged as lost.
      try {
        await this.s.webhooks.publish(event);
      } catch (err) {
        recorder.log?.error({ err, event: event.type, orderingKey: event.orderingKey }, "the action is done but its webhook event could not be queued");
      }
    }
    return { report, sha256 };
  }
}
