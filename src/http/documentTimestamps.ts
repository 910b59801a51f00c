import express, { Router } from "express";
import { z } from "zod";
import { MoharError } from "../errors.js";
import type { LiveRevocation, RevocationSource } from "../pki/index.js";
import type { PdfPreparer } from "../pdf/index.js";
import { addDocumentTimestamp } from "../signing/index.js";
import type { Vault } from "../vault/index.js";
import { actorOf } from "./actor.js";
import { audited, auditVersion, type AuditSink } from "./auditTrail.js";
import { pinnedVersion } from "./preconditions.js";
import { route } from "./route.js";
import { parseBody } from "./signatures.js";
import { VersionEvent } from "../signatures/index.js";
import { versionAdded, type EventSink } from "./webhookEvents.js";

export interface DocumentTimestampServices extends AuditSink, EventSink {
  vault: Vault;
  tsaUrl(): string | null;
  tsaCertificates(): Buffer[];
  revocation: RevocationSource;
  preparePdf: PdfPreparer;
  liveRevocation?: LiveRevocation;
}

const timestampSchema = z.object({ expectedVersion: z.number().int().min(1).optional() }).strict();

/**
 * POST /v1/documents/:id/timestamps: the latest version (or the pinned one) with a document
 * timestamp (PAdES B-LTA) appended, stored as a new version under the document's lock, with its
 * audit entry and a version.added event, the way a signature makes one.
 */
export function documentTimestampsRouter(s: DocumentTimestampServices): Router {
  const r = Router();
  route(
    r,
    "timestampDocument",
    express.json({ limit: "16kb" }),
    audited(s, "timestampDocument", async (req, res, audit) => {
      const id = String(req.params.id);
      const body = parseBody(timestampSchema, req.body);
      const tsaUrl = s.tsaUrl();
      if (!tsaUrl) throw new MoharError("signing.no_tsa", "a document timestamp needs a TSA, and none is configured (TSA_URL or DEV_TSA)");
      const pinned = await pinnedVersion(req, s.vault, id, body.expectedVersion);
      const event = new VersionEvent(req.log, s.webhooks, (v) => versionAdded(id, v));
      let fieldName = "";
      const { version, base: n } = await s.vault.extendLatest(id, pinned, async ({ pdf }) => {
        const done = await addDocumentTimestamp({
          pdf,
          tsaUrl,
          tsaCertificates: s.tsaCertificates(),
          revocation: s.revocation,
          liveRevocation: s.liveRevocation,
          observeTsa: s.metrics.tsaCall,
          preparePdf: s.preparePdf,
        });
        fieldName = done.fieldName;
        return { pdf: done.pdf, uploader: actorOf(req).id, action: "timestamp", withRow: event.withRow };
      });
      await auditVersion(
        req,
        audit,
        { documentId: id, version: version.n, sha256: version.sha256, detail: `document timestamp ${fieldName} added to version ${n}` },
        event.withdrawing((...v) => s.vault.withdrawLatest(...v)),
      );
      await event.release();
      res.status(201).location(`/v1/documents/${id}/versions/${version.n}/content`).json({ id, version: version.n, ...version });
    }),
  );
  return r;
}
