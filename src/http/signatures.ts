import { X509Certificate } from "node:crypto";
import express, { Router, type Request } from "express";
import { z } from "zod";
import { MoharError } from "../errors.js";
import { certificateFromPem, type Officer, type OfficerRegistry } from "../officers/index.js";
import { pemBlocks, type KeyStore, type LiveRevocation, type RevocationSource } from "../pki/index.js";
import type { PdfPreparer } from "../pdf/index.js";
import {
  completeSigning,
  prepareSigning,
  signDocument,
  type SigningSessionStore,
  type SignatureInfo,
  type SignatureRequest,
  type SignerIdentity,
  type SigningSession,
} from "../signing/index.js";
import type { Vault, VersionRecord } from "../vault/index.js";
import { assertMayActAsOfficer } from "../auth/index.js";
import { actorOf } from "./actor.js";
import { audited, auditVersion, type AuditSink } from "./auditTrail.js";
import { pinnedVersion } from "./preconditions.js";
import { route } from "./route.js";
import { documentSigned, VersionEvent, type EventSink } from "./webhookEvents.js";

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

function isCertificate(der: Buffer): boolean {
  try {
    new X509Certificate(der);
    return true;
  } catch {
    return false;
  }
}

function identity(o: Officer): SignerIdentity {
  return { officerId: o.id, name: o.name, designation: o.designation };
}

/** The caller must be bound to exactly this officer: an officer signs only with their own certificate. */
function assertMaySignAs(req: Request, officerId: string): void {
  assertMayActAsOfficer(actorOf(req), officerId);
}

/** The stored document version a session signs; sessions made over HTTP always have one. */
function storedTarget(session: SigningSession): { documentId: string; version: number } {
  if (session.documentId === undefined || session.version === undefined) {
    throw new MoharError("signing.session_without_document", `signing session ${session.id} was not prepared for a stored document`);
  }
  return { documentId: session.documentId, version: session.version };
}

function signatureRecord(s: SignatureInfo): Record<string, unknown> {
  return { ...s, signingTime: s.signingTime.toISOString() };
}

function versionBody(id: string, v: VersionRecord) {
  return { id, version: v.n, ...v };
}

type SigningOptions = Omit<z.infer<typeof signatureRequestSchema>, "officerId" | "expectedVersion">;

/** A signature request for `officer` with the service's TSA, revocation data and PDF worker. */
function signingRequest(s: SignaturesServices, officer: Officer, options: SigningOptions): SignatureRequest {
  return { ...options, officer: identity(officer), tsaUrl: s.tsaUrl() ?? undefined, observeTsa: s.metrics.tsaCall, tsaCertificates: s.tsaCertificates(), revocation: s.revocation, preparePdf: s.preparePdf, liveRevocation: s.liveRevocation };
}

/** Signs a PDF in one step with the key mohar holds for an officer, as POST /signatures does for a stored version. */
export async function signWithHeldKey(s: SignaturesServices, pdf: Buffer, officerId: string, options: SigningOptions): Promise<{ pdf: Buffer; signature: Record<string, unknown> }> {
  const officer = await s.officers.get(officerId);
  const signed = await signDocument({ pdf, key: await s.keyStore.load(officer.id), ...signingRequest(s, officer, options) });
  return { pdf: signed.pdf, signature: signatureRecord(signed.signature) };
}

/**
 * Signing routes: one-step signing with a key mohar holds, and two-phase signing (prepare /
 * complete) for USB-token DSCs and eSign. Each signature becomes a new version of the document,
 * derived from the version it was made on.
 */
export function signaturesRouter(s: SignaturesServices): Router {
  const r = Router();
  const sessions = s.sessions;
  const json = express.json({ limit: "1mb" });

  /** The version to prepare a signature on: the one the request pins (If-Match, expectedVersion), else the latest. */
  async function target(req: Request, id: string, expectedVersion: number | undefined): Promise<{ n: number; pdf: Buffer }> {
    const pinned = await pinnedVersion(req, s.vault, id, expectedVersion);
    const n = pinned ?? (await s.vault.latestVersion(id));
    return { n, pdf: await s.vault.readVersion(id, n) };
  }

  /**
   * A completed two-phase signature must extend the newest version, or a version added since
   * prepare would be missing from the result. This is the early, clearer refusal (409
   * signing.document_changed, before the CMS is embedded); what guarantees it, also between two
   * completions at the same instant or across instances, is the vault's publish, which refuses a
   * version that does not directly follow the one it extends (409 version.superseded).
   */
  async function assertStillLatest(id: string, n: number): Promise<void> {
    const now = await s.vault.latestVersion(id);
    if (now !== n) {
      throw new MoharError("signing.document_changed", `document ${id} gained version ${now} after version ${n} was taken for signing; sign again`);
    }
  }

  const request = (body: z.infer<typeof signatureRequestSchema>, officer: Officer): SignatureRequest => {
    const { officerId: _id, expectedVersion: _pin, ...rest } = body;
    return signingRequest(s, officer, rest);
  };

  route(
    r,
    "signDocument",
    json,
    audited(s, "signDocument", async (req, res, audit) => {
      const id = String(req.params.id);
      const body = parseBody(signatureRequestSchema, req.body);
      assertMaySignAs(req, body.officerId);
      const officer = await s.officers.get(body.officerId);
      const pinned = await pinnedVersion(req, s.vault, id, body.expectedVersion);
      const key = await s.keyStore.load(officer.id);
      // Signed under the document's lock, on the version that is latest then (or the pinned one: 412 if it is not).
      const event = new VersionEvent(req, s, (v) => documentSigned(id, v, v.derivedFrom ?? v.n - 1, officer.id));
      const { version, base: n } = await s.vault.extendLatest(id, pinned, async ({ pdf }) => {
        const signed = await signDocument({ pdf, key, ...request(body, officer) });
        return { pdf: signed.pdf, uploader: actorOf(req).id, action: "signature", signature: signatureRecord(signed.signature), withRow: event.withRow };
      });
      await auditVersion(req, audit, { documentId: id, version: version.n, sha256: version.sha256, detail: `officer ${officer.id} signed version ${n}` }, event.withdrawing((...v) => s.vault.withdrawLatest(...v)));
      await event.release();
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
      assertMaySignAs(req, body.officerId);
      const officer = await s.officers.get(body.officerId);
      const { n, pdf } = await target(req, id, body.expectedVersion);
      const { certificatePem, chainPem, ...signatureBody } = body;
      const certificate = certificateFromPem(officer.certificatePem);
      if (certificatePem !== undefined && !certificateFromPem(certificatePem).equals(certificate)) {
        throw new MoharError(
          "auth.not_this_officer_certificate",
          `the certificate given is not the one on record for officer ${officer.id}; an officer signs only with their own certificate (register a renewed certificate first)`,
        );
      }
      const chain = chainPem ?? officer.chainPem;
      const chainDer = chain ? pemBlocks(chain, "CERTIFICATE") : [];
      if (chainPem !== undefined && (chainDer.length === 0 || !chainDer.every(isCertificate))) {
        throw new MoharError("signing.bad_chain", "chainPem must hold one or more PEM certificates (the issuers of the signing certificate)");
      }
      const prepared = await prepareSigning(sessions, {
        pdf,
        certificate,
        chain: chainDer,
        documentId: id,
        version: n,
        ...request(signatureBody, officer),
      });
      await audit({ documentId: id, version: n, detail: `officer ${officer.id}, session ${prepared.sessionId}` });
      res
        .status(201)
        .location(`/v1/signing-sessions/${prepared.sessionId}`)
        .json({
          sessionId: prepared.sessionId,
          documentId: id,
          version: n,
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
      // A retry of a completion whose reply was lost gets the version that completion made.
      const made = await sessions.result(sid);
      if (made) {
        const session = await sessions.load(sid);
        audit.about(made);
        assertMaySignAs(req, session.officer.officerId);
        const version = await s.vault.versionRecord(made.documentId, made.version);
        await audit({ ...made, sha256: version.sha256, detail: `retry of session ${sid}: answered with version ${made.version}, nothing signed again` });
        res.status(201).location(`/v1/documents/${made.documentId}/versions/${made.version}/content`).json(versionBody(made.documentId, version));
        return;
      }
      const done = await completeSigning(
        sessions,
        sid,
        {
          signature: body.signature === undefined ? undefined : Buffer.from(body.signature, "base64"),
          cms: body.cms === undefined ? undefined : Buffer.from(body.cms, "base64"),
        },
        {
          accept: async (session) => {
            audit.about({ documentId: session.documentId, version: session.version });
            assertMaySignAs(req, session.officer.officerId);
            const { documentId, version } = storedTarget(session);
            await assertStillLatest(documentId, version);
          },
          observeTsa: s.metrics.tsaCall,
        },
      );
      const { documentId, version: n } = storedTarget(done.session);
      const event = new VersionEvent(req, s, (v) => documentSigned(documentId, v, n, done.session.officer.officerId));
      const version = await s.vault.addVersion(documentId, {
        pdf: done.pdf,
        uploader: actorOf(req).id,
        action: "signature",
        derivedFrom: n,
        signature: signatureRecord(done.signature),
        appendsToDerivedFrom: true,
        withRow: event.withRow,
      });
      await sessions.recordResult(sid, { documentId, version: version.n });
      // Without its entry the version is taken back and the session opened again: a retry with the same signature completes it.
      await auditVersion(
        req,
        audit,
        { documentId, version: version.n, sha256: version.sha256, detail: `officer ${done.session.officer.officerId} signed version ${n}, session ${sid}` },
        event.withdrawing(async (...v) => {
          const withdrawn = await s.vault.withdrawLatest(...v);
          if (withdrawn) await sessions.reopen(sid);
          return withdrawn;
        }),
      );
      await event.release();
      res.status(201).location(`/v1/documents/${documentId}/versions/${version.n}/content`).json(versionBody(documentId, version));
    }),
  );

  route(r, "getSigningSession", async (req, res) => {
    const sid = String(req.params.sid);
    const session = await sessions.load(sid);
    assertMaySignAs(req, session.officer.officerId);
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
