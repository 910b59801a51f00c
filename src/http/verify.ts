import { createHash } from "node:crypto";
import { Router } from "express";
import type { Config } from "../config.js";
import { MoharError } from "../errors.js";
import type { Vault } from "../vault/index.js";
import type { VerificationReport, Verifier } from "../verification/index.js";
import { audited, type AuditSink } from "./auditTrail.js";
import { route } from "./route.js";
import { pdfUpload, uploadedFile } from "./upload.js";
import { publishEvent, verificationFailed, type EventSink } from "./webhookEvents.js";

async function tellIfFailed(req: Parameters<typeof publishEvent>[0], sink: EventSink, report: VerificationReport, facts: Parameters<typeof verificationFailed>[1]): Promise<void> {
  const event = verificationFailed(report, facts);
  if (event) await publishEvent(req, sink, event);
}

/** What the audit entry says of a report: the verdict and the number of signatures. */
function verdict(r: VerificationReport): string {
  return `${r.status}${r.subIndication ? `/${r.subIndication}` : ""}, ${r.signatureCount} signature(s)`;
}

/**
 * Verification reports: of an uploaded PDF, and of a stored version. A failing signature is
 * still a 200 with its report; only input that is not a readable PDF gets a 4xx. Every
 * verification is audited with the PDF's sha256 and the verdict.
 */
export function verifyRouter(verifier: Verifier, vault: Vault, config: Pick<Config, "maxUploadBytes">, sink: AuditSink & EventSink): Router {
  const r = Router();
  route(
    r,
    "verifyUpload",
    pdfUpload(config.maxUploadBytes),
    audited(sink, "verifyUpload", async (req, res, audit) => {
      const pdf = uploadedFile(req.file);
      const report = await verifier.verify(pdf);
      const sha256 = createHash("sha256").update(pdf).digest("hex");
      await audit({ sha256, detail: verdict(report) });
      await tellIfFailed(req, sink, report, { sha256 });
      res.json(report);
    }),
  );
  route(
    r,
    "verifyVersion",
    audited(sink, "verifyVersion", async (req, res, audit) => {
      const id = String(req.params.id);
      const raw = String(req.params.n);
      if (!/^[1-9]\d{0,9}$/.test(raw)) throw new MoharError("version.not_found", `document ${id} has no version ${raw}`);
      const n = Number(raw);
      const pdf = await vault.readVersion(id, n);
      const report = await verifier.verify(pdf);
      const sha256 = createHash("sha256").update(pdf).digest("hex");
      await audit({ documentId: id, version: n, sha256, detail: verdict(report) });
      await tellIfFailed(req, sink, report, { sha256, documentId: id, version: n });
      res.json({ id, version: n, ...report });
    }),
  );
  return r;
}
