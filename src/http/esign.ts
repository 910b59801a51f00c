import express, { Router, type Request, type Response } from "express";
import { z } from "zod";
import { assertMayActAsOfficer } from "../auth/index.js";
import { isMoharError, MoharError } from "../errors.js";
import { MAX_XML_BYTES, type EsignService, type EsignTransaction, type TransactionResult, type TransactionStatus } from "../esign/index.js";
import { startEsign, type PickVersion } from "../signatures/index.js";
import { actorOf } from "./actor.js";
import { audited, recordAudit, type AuditRecorder } from "./auditTrail.js";
import { pinnedVersion } from "./preconditions.js";
import { parseBody, storedSigningOf, type SignaturesServices } from "./signatures.js";
import { auditActionOf, route } from "./route.js";

/** The signing services, and eSign when it is configured. */
export interface EsignServices extends SignaturesServices {
  esign(): EsignService | null;
}

const text = z.string().trim().min(1).max(200);
const options = {
  officerId: z.string().min(1).max(64),
  reason: text.optional(),
  location: text.optional(),
  page: z.number().int().min(1).optional(),
  rect: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
  timestamp: z.boolean().optional(),
};
const startSchema = z.object({ ...options, expectedVersion: z.number().int().min(1).optional() }).strict();
const batchSchema = z
  .object({ ...options, documents: z.array(z.object({ documentId: z.string().min(1).max(64), expectedVersion: z.number().int().min(1).optional() }).strict()).min(1).max(100) })
  .strict();

function serviceOf(s: EsignServices): EsignService {
  const service = s.esign();
  if (!service) throw new MoharError("esign.not_configured", "eSign is not configured on this service (ESIGN_ESP_URL, or DEV_ESP for the development ESP)");
  return service;
}

/** The transaction as GET and the callback answer it: each document waiting, signed (with where) or failed. */
function transactionBody(t: EsignTransaction, status: TransactionStatus, result: TransactionResult | null) {
  return {
    txn: t.txn,
    status,
    officerId: t.officerId,
    expiresAt: t.expiresAt,
    esp: result?.esp ?? null,
    documents: t.documents.map((d) => {
      const o = result?.documents.find((x) => x.documentId === d.documentId);
      if (!o) return { documentId: d.documentId, version: d.version, status: status === "open" || status === "answering" ? "waiting" : "failed" };
      return {
        documentId: d.documentId,
        version: d.version,
        status: o.status,
        ...(o.signedVersion !== undefined ? { signedVersion: o.signedVersion, location: `/v1/documents/${d.documentId}/versions/${o.signedVersion}/content` } : {}),
        ...(o.error ? { error: o.error } : {}),
      };
    }),
  };
}

/** Starting an eSign transaction (one document, or several in one) and reading its status: behind authentication. */
export function esignRouter(s: EsignServices): Router {
  const r = Router();
  const json = express.json({ limit: "64kb" });

  async function start(req: Request, res: Response, audit: AuditRecorder, body: z.infer<typeof batchSchema>, pick: PickVersion): Promise<void> {
    const started = await startEsign(s, serviceOf(s), { actor: actorOf(req), audit: (facts) => audit(facts), log: req.log }, body, pick);
    res
      .status(201)
      .location(`/v1/esign/transactions/${started.txn}`)
      .json({ txn: started.txn, expiresAt: started.expiresAt.toISOString(), form: started.form, documents: started.documents.map((d) => ({ documentId: d.documentId, version: d.version })) });
  }

  route(
    r,
    "startEsign",
    json,
    audited(s, "startEsign", async (req, res, audit) => {
      const { expectedVersion, ...rest } = parseBody(startSchema, req.body);
      const id = String(req.params.id);
      await start(req, res, audit, { ...rest, documents: [{ documentId: id, expectedVersion }] }, async (docId, expected) => (await pinnedVersion(req, s.vault, docId, expected)) ?? s.vault.latestVersion(docId));
    }),
  );

  route(
    r,
    "startEsignBatch",
    json,
    audited(s, "startEsignBatch", async (req, res, audit) => {
      const body = parseBody(batchSchema, req.body);
      if (new Set(body.documents.map((d) => d.documentId)).size !== body.documents.length) throw new MoharError("request.invalid", "a document is named twice");
      await start(req, res, audit, body, async (docId, expected) => {
        const latest = await s.vault.latestVersion(docId);
        if (expected !== undefined && expected !== latest) {
          throw new MoharError("version.precondition_failed", `document ${docId}: version ${expected} is not the latest (${latest}); nothing was started`);
        }
        return latest;
      });
    }),
  );

  route(r, "getEsignTransaction", async (req, res) => {
    const { transaction, status, result } = await serviceOf(s).status(String(req.params.txn));
    assertMayActAsOfficer(actorOf(req), transaction.officerId);
    res.json(transactionBody(transaction, status, result));
  });
  return r;
}

/** What an office person reads on the page the ESP returns them to. */
const HINDI: Record<string, string> = { completed: "पूर्ण", partial: "आंशिक", failed: "विफल", signed: "हस्ताक्षरित" };

const esc = (v: string): string => v.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** POST /v1/esign/response: the ESP's answer, brought by the officer's browser (the ASP's responseUrl). */
export function esignCallbackRouter(s: EsignServices): Router {
  const r = Router();
  const form = express.urlencoded({ extended: false, limit: MAX_XML_BYTES * 2, parameterLimit: 10 });
  const action = auditActionOf("esignResponse");
  const signing = storedSigningOf(s);

  route(r, "esignResponse", form, async (req, res) => {
    const service = serviceOf(s);
    const xml = (req.body as Record<string, unknown> | undefined)?.eSignResponse;
    if (typeof xml !== "string" || xml === "") throw new MoharError("esign.bad_response", "the form field eSignResponse (the ESP's EsignResp XML) is missing");
    const fail = async (t: EsignTransaction, d: { documentId: string; version: number }, error: { code: string; detail: string }) =>
      recordAudit(req, s, { action, outcome: "failure", actor: t.startedBy, documentId: d.documentId, version: d.version, detail: `eSign transaction ${t.txn}: ${error.code}: ${error.detail}`.slice(0, 500) });
    // A refusal the ESP signed is recorded against each document (failed); an answer that does not verify records nothing: anyone can post one.
    const answered = await service.answer(xml, {
      accept: (session) => signing.assertStillLatest(session.documentId as string, session.version as number, "sent for eSign"),
      store: async (done, t) => {
        const audit = (facts: Parameters<AuditRecorder>[0]) => recordAudit(req, s, { ...facts, action, outcome: "success", actor: t.startedBy });
        return (await signing.storeEsigned({ uploader: t.startedBy, audit, log: req.log }, done, t.txn)).n;
      },
      failed: async (d, t, error, cause) => {
        if (cause !== null && !isMoharError(cause)) req.log?.error({ err: cause, txn: t.txn, documentId: d.documentId }, "eSign: a document could not be signed");
        await fail(t, d, error);
      },
    });
    const body = transactionBody(answered.transaction, answered.result.status, answered.result);
    if (req.accepts(["json", "html"]) === "html") {
      const word = (w: string): string => `${HINDI[w] ?? w} / ${w}`;
      res.type("html").send(
        `<!doctype html><html lang="hi"><head><meta charset="utf-8"><title>ई-हस्ताक्षर / eSign</title></head><body><h1>ई-हस्ताक्षर / eSign: ${esc(word(body.status))}</h1><ul>${body.documents
          .map((d) => `<li>${esc(d.documentId)}: ${esc(word(d.status))}${"error" in d && d.error ? ` (${esc(d.error.detail)})` : ""}</li>`)
          .join("")}</ul></body></html>`,
      );
      return;
    }
    res.json(body);
  });
  return r;
}

