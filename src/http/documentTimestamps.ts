import express, { Router } from "express";
import { z } from "zod";
import type { LiveRevocation, RevocationSource } from "../pki/index.js";
import type { PdfPreparer } from "../pdf/index.js";
import { addDocumentTimestamp } from "../signing/index.js";
import { DocumentTimestamping, type Stamp } from "../signatures/index.js";
import type { Vault } from "../vault/index.js";
import { actorOf } from "./actor.js";
import { audited, recorderOf, type AuditSink } from "./auditTrail.js";
import { pinnedVersion } from "./preconditions.js";
import { route } from "./route.js";
import { parseBody } from "./signatures.js";
import type { EventSink } from "./webhookEvents.js";

export interface DocumentTimestampServices extends AuditSink, EventSink {
  vault: Vault;
  tsaUrl(): string | null;
  tsaCertificates(): Buffer[];
  revocation: RevocationSource;
  preparePdf: PdfPreparer;
  liveRevocation?: LiveRevocation;
}

const timestampSchema = z.object({ expectedVersion: z.number().int().min(1).optional() }).strict();

/** The document timestamp use case over this service's TSA, revocation data and worker pool. */
function timestampingOf(s: DocumentTimestampServices): DocumentTimestamping {
  const stamper = (): Stamp | null => {
    const tsaUrl = s.tsaUrl();
    if (!tsaUrl) return null;
    return (pdf) =>
      addDocumentTimestamp({ pdf, tsaUrl, tsaCertificates: s.tsaCertificates(), revocation: s.revocation, liveRevocation: s.liveRevocation, observeTsa: s.metrics.tsaCall, preparePdf: s.preparePdf });
  };
  return new DocumentTimestamping({ vault: s.vault, webhooks: s.webhooks, stamper });
}

/**
 * POST /v1/documents/:id/timestamps: parses the request and calls the document timestamp use
 * case (`signatures/documentTimestamping.ts`), which stores the new version with its audit entry
 * and a version.added event, the way a signature makes one.
 */
export function documentTimestampsRouter(s: DocumentTimestampServices): Router {
  const r = Router();
  const timestamping = timestampingOf(s);
  route(
    r,
    "timestampDocument",
    express.json({ limit: "16kb" }),
    audited(s, "timestampDocument", async (req, res, audit) => {
      const id = String(req.params.id);
      const body = parseBody(timestampSchema, req.body);
      const pin = () => pinnedVersion(req, s.vault, id, body.expectedVersion);
      const { version } = await timestamping.timestamp({ ...recorderOf(req, audit), uploader: actorOf(req).id }, id, pin);
      res.status(201).location(`/v1/documents/${id}/versions/${version.n}/content`).json({ id, version: version.n, ...version });
    }),
  );
  return r;
}
