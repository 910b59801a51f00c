import express, { Router, type Request } from "express";
import { z } from "zod";
import { MoharError } from "../errors.js";
import type { OfficerRegistry } from "../officers/index.js";
import type { KeyStore, LiveRevocation, RevocationSource } from "../pki/index.js";
import type { PdfPreparer } from "../pdf/index.js";
import { StoredDocumentSigning, type SigningCaller, type SigningChoices } from "../signatures/index.js";
import type { SigningSessionStore } from "../signing/index.js";
import type { Vault, VersionRecord } from "../vault/index.js";
import { assertMayActAsOfficer } from "../auth/index.js";
import { actorOf } from "./actor.js";
import { audited, type AuditRecorder, type AuditSink } from "./auditTrail.js";
import { pinnedVersion } from "./preconditions.js";
import { route } from "./route.js";
import type { EventSink } from "./webhookEvents.js";

export interface SignaturesServices extends AuditSink, EventSink {
  vault: Vault;
  officers: OfficerRegistry;
  keyStore: KeyStore;
  sessions: SigningSessionStore;
  tsaUrl(): string | null;
  tsaCertificates(): Buffer[];
  revocation: RevocationSource;
  /** Parses the stored version and writes the signature's update, on the worker pool. */
  preparePdf: PdfPreparer;
  /** OCSP/CRL fetching at signing (REVOCATION_FETCH); absent when off. */
  liveRevocation?: LiveRevocation;
}

const text = z.string().trim().min(1).max(200);
const base64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, "must be base64").max(1024 * 1024);

const signatureRequestSchema = z
  .object({
    officerId: z.string().min(1).max(64),
    reason: text.optional(),
    location: text.optional(),
    contactInfo: text.optional(),
    page: z.number().int().min(1).optional(),
    rect: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
    certify: z.boolean().optional(),
    timestamp: z.boolean().optional(),
    /** Sign only if this is still the latest version (like If-Match with the version's ETag): else 412. */
    expectedVersion: z.number().int().min(1).optional(),
  })
  .strict();

const prepareSchema = signatureRequestSchema
  .extend({
    /** PEM of the certificate the token signs with: must be the officer's on record (a check the client can ask for). */
    certificatePem: z.string().min(1).max(64 * 1024).optional(),
    chainPem: z.string().min(1).max(256 * 1024).optional(),
  })
  .strict();

const completeSchema = z.object({ signature: base64.optional(), cms: base64.optional() }).strict();

/** A JSON body checked against its schema: 400 request.invalid naming each field that is wrong. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body ?? {});
  if (!r.success) {
    const detail = r.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
    throw new MoharError("request.invalid", `invalid request body: ${detail}`);
  }
  return r.data;
}

function versionBody(id: string, v: VersionRecord) {
  return { id, version: v.n, ...v };
}

/** The signing use case for stored documents, over this service's vault, keys, TSA and worker pool. */
export function storedSigningOf(s: SignaturesServices): StoredDocumentSigning {
  return new StoredDocumentSigning({ ...s, webhooks: s.webhooks, observeTsa: s.metrics.tsaCall });
}

/** The requester as the signing use case sees them: their credential, the route's audit trail, the request's log. */
function callerOf(req: Request, audit: AuditRecorder): SigningCaller {
  return { actor: actorOf(req), audit: (facts) => audit(facts), about: (facts) => audit.about(facts), log: req.log };
}

/** The signing choices of a request body, without the officer and the version it names. */
function choicesOf<T extends SigningChoices & { officerId: string; expectedVersion?: number }>(body: T): Omit<T, "officerId" | "expectedVersion"> {
  const { officerId: _id, expectedVersion: _pin, ...rest } = body;
  return rest;
}

/**
 * Signing routes: one-step signing with a key mohar holds, and two-phase signing (prepare /
 * complete) for USB-token DSCs and eSign. They parse the request, call the signing use case
 * (`signatures/storedSigning.ts`) and answer with what it made.
 */
export function signaturesRouter(s: SignaturesServices): Router {
  const r = Router();
  const sessions = s.sessions;
  const signing = storedSigningOf(s);
  const json = express.json({ limit: "1mb" });

  route(
    r,
    "signDocument",
    json,
    audited(s, "signDocument", async (req, res, audit) => {
      const id = String(req.params.id);
      const body = parseBody(signatureRequestSchema, req.body);
      const pin = () => pinnedVersion(req, s.vault, id, body.expectedVersion);
      const version = await signing.sign(callerOf(req, audit), id, body.officerId, pin, choicesOf(body));
      res.status(201).location(`/v1/documents/${id}/versions/${version.n}/content`).json(versionBody(id, version));
    }),
  );

  route(
    r,
    "prepareSignature",
    json,
    audited(s, "prepareSignature", async (req, res, audit) => {
      const id = String(req.params.id);
      const body = parseBody(prepareSchema, req.body);
      const pin = () => pinnedVersion(req, s.vault, id, body.expectedVersion);
      const prepared = await signing.prepare(callerOf(req, audit), id, body.officerId, pin, choicesOf(body));
      res
        .status(201)
        .location(`/v1/signing-sessions/${prepared.sessionId}`)
        .json({
          sessionId: prepared.sessionId,
          documentId: id,
          version: prepared.version,
          digestToSign: prepared.digestToSign.toString("base64"),
          signedAttributes: prepared.signedAttributes.toString("base64"),
          contentDigest: prepared.contentDigest.toString("base64"),
          fieldName: prepared.fieldName,
          signingTime: prepared.signingTime.toISOString(),
          expiresAt: prepared.expiresAt.toISOString(),
        });
    }),
  );

  route(
    r,
    "completeSignature",
    json,
    audited(s, "completeSignature", async (req, res, audit) => {
      const sid = String(req.params.sid);
      const body = parseBody(completeSchema, req.body);
      const { documentId, version } = await signing.complete(callerOf(req, audit), sid, {
        signature: body.signature === undefined ? undefined : Buffer.from(body.signature, "base64"),
        cms: body.cms === undefined ? undefined : Buffer.from(body.cms, "base64"),
      });
      res.status(201).location(`/v1/documents/${documentId}/versions/${version.n}/content`).json(versionBody(documentId, version));
    }),
  );

  route(r, "getSigningSession", async (req, res) => {
    const sid = String(req.params.sid);
    const session = await sessions.load(sid);
    assertMayActAsOfficer(actorOf(req), session.officer.officerId);
    const made = await sessions.result(sid);
    const status = made ? "completed" : (await sessions.isCompleted(sid)) ? "completing" : new Date() > session.expiresAt ? "expired" : "open";
    res.json({
      sessionId: sid,
      status,
      officerId: session.officer.officerId,
      documentId: session.documentId ?? null,
      version: session.version ?? null,
      fieldName: session.fieldName,
      signingTime: session.signingTime.toISOString(),
      expiresAt: session.expiresAt.toISOString(),
      result: made ? { ...made, location: `/v1/documents/${made.documentId}/versions/${made.version}/content` } : null,
    });
  });

  return r;
}
