import { Router, type Request, type Response } from "express";
import type { Config } from "../config.js";
import { DocumentVerification } from "../signatures/index.js";
import type { Vault } from "../vault/index.js";
import { reportPdf, type VerificationReport, type Verifier } from "../verification/index.js";
import { audited, recorderOf, type AuditSink } from "./auditTrail.js";
import { route } from "./route.js";
import { pdfUpload, uploadedFile } from "./upload.js";
import type { EventSink } from "./webhookEvents.js";

/** `?format=pdf` or `Accept: application/pdf` (ahead of JSON): the report as a PDF to file or print. */
function wantsPdf(req: Request): boolean {
  if (req.query.format === "pdf") return true;
  return req.query.format === undefined && req.accepts(["application/json", "application/pdf"]) === "application/pdf";
}

async function sendReport(req: Request, res: Response, report: VerificationReport, sha256: string, subject: string, json: object): Promise<void> {
  if (!wantsPdf(req)) {
    res.json(json);
    return;
  }
  const pdf = await reportPdf(report, { sha256, subject, verifiedAt: new Date() });
  res.type("application/pdf").setHeader("Content-Disposition", `attachment; filename="verification-${sha256.slice(0, 12)}.pdf"`);
  res.send(pdf);
}

/**
 * Verification reports over HTTP (the use case: `signatures/` `DocumentVerification`): of an
 * uploaded PDF, and of a stored version, as JSON or as a PDF report.
 */
export function verifyRouter(verifier: Verifier, vault: Vault, config: Pick<Config, "maxUploadBytes">, sink: AuditSink & EventSink): Router {
  const r = Router();
  const verification = new DocumentVerification({ verifier, vault, webhooks: sink.webhooks });
  route(
    r,
    "verifyUpload",
    pdfUpload(config.maxUploadBytes),
    audited(sink, "verifyUpload", async (req, res, audit) => {
      const { report, sha256 } = await verification.verifyUpload(recorderOf(req, audit), uploadedFile(req.file));
      await sendReport(req, res, report, sha256, req.file?.originalname ? `uploaded file ${req.file.originalname}` : "uploaded file", report);
    }),
  );
  route(
    r,
    "verifyVersion",
    audited(sink, "verifyVersion", async (req, res, audit) => {
      const id = String(req.params.id);
      const { report, sha256 } = await verification.verifyVersion(recorderOf(req, audit), id, String(req.params.n));
      const version = Number(req.params.n);
      await sendReport(req, res, report, sha256, `document ${id} version ${version}`, { id, version, ...report });
    }),
  );
  return r;
}
