import express, { Router, type Request } from "express";
import { z } from "zod";
import { MoharError } from "../errors.js";
import { certificateFromPem, type Officer, type OfficerRegistry } from "../officers/index.js";
import { pemBlocks, type KeyStore, type LiveRevocation, type RevocationSource } from "../pki/index.js";
import {
  completeSigning,
  prepareSigning,
  signDocument,
  SigningSessionStore,
  type SignatureInfo,
  type SignatureRequest,
  type SignerIdentity,
  type SigningSession,
} from "../signing/index.js";
import type { ObjectStore } from "../store/index.js";
import type { Vault, VersionRecord } from "../vault/index.js";
import { assertMayActAsOfficer } from "../auth/index.js";
import { actorOf } from "./actor.js";
import { audited, type AuditSink } from "./auditTrail.js";

export interface SignaturesServices extends AuditSink {
  vault: Vault;
  officers: OfficerRegistry;
  keyStore: KeyStore;
  store: ObjectStore;
  tsaUrl(): string | null;
  tsaCertificates(): Buffer[];
  revocation: RevocationSource;
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

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body ?? {});
  if (!r.success) {
    const detail = r.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
    throw new MoharError("bad_input", "request.invalid", `invalid request body: ${detail}`);
  }
  return r.data;
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
    throw new MoharError("bad_input", "signing.session_without_document", `signing session ${session.id} was not prepared for a stored document`);
  }
  return { documentId: session.documentId, version: session.version };
}

function signatureRecord(s: SignatureInfo): Record<string, unknown> {
  return { ...s, signingTime: s.signingTime.toISOString() };
}

function versionBody(id: string, v: VersionRecord) {
  return { id, version: v.n, ...v };
}

/**
 * Signing routes: one-step signing with a key mohar holds, and two-phase signing (prepare /
 * complete) for USB-token DSCs and eSign. Each signature becomes a new version of the document,
 * derived from the version it was made on.
 */
export function signaturesRouter(s: SignaturesServices): Router {
  const r = Router();
  const sessions = new SigningSessionStore(s.store);
  const json = express.json({ limit: "1mb" });

  async function latest(id: string): Promise<{ n: number; pdf: Buffer }> {
    const n = await s.vault.latestVersion(id);
    return { n, pdf: await s.vault.readVersion(id, n) };
  }

  /**
   * A signature must extend the newest version, or a signature added meanwhile would be missing
   * from the result. Checked right before storing; the vault has no conditional add, so two
   * signers that pass this check at the same instant can still fork the history.
   */
  async function assertStillLatest(id: string, n: number): Promise<void> {
    const now = await s.vault.latestVersion(id);
    if (now !== n) {
      throw new MoharError("conflict", "signing.document_changed", `document ${id} gained version ${now} after version ${n} was taken for signing; sign again`);
    }
  }

  function request(body: z.infer<typeof signatureRequestSchema>, officer: Officer): SignatureRequest {
    const { officerId: _id, ...rest } = body;
    return { ...rest, officer: identity(officer), tsaUrl: s.tsaUrl() ?? undefined, tsaCertificates: s.tsaCertificates(), revocation: s.revocation, liveRevocation: s.liveRevocation };
  }

  r.post(
    "/v1/documents/:id/signatures",
    json,
    audited(s, "document.sign", async (req, res, audit) => {
      const id = String(req.params.id);
      const body = parse(signatureRequestSchema, req.body);
      assertMaySignAs(req, body.officerId);
      const officer = await s.officers.get(body.officerId);
      const { n, pdf } = await latest(id);
      const key = await s.keyStore.load(officer.id);
      const signed = await signDocument({ pdf, key, ...request(body, officer) });
      // The vault refuses the version (409 version.superseded) if another one took n + 1 meanwhile.
      const version = await s.vault.addVersion(id, {
        pdf: signed.pdf,
        uploader: actorOf(req).id,
        action: "signature",
        derivedFrom: n,
        signature: signatureRecord(signed.signature),
        appendsToDerivedFrom: true,
      });
      await audit({ documentId: id, version: version.n, sha256: version.sha256, detail: `officer ${officer.id} signed version ${n}` });
      res.status(201).location(`/v1/documents/${id}/versions/${version.n}/content`).json(versionBody(id, version));
    }),
  );

  r.post(
    "/v1/documents/:id/signatures/prepare",
    json,
    audited(s, "signing.prepare", async (req, res, audit) => {
      const id = String(req.params.id);
      const body = parse(prepareSchema, req.body);
      assertMaySignAs(req, body.officerId);
      const officer = await s.officers.get(body.officerId);
      const { n, pdf } = await latest(id);
      const { certificatePem, chainPem, ...signatureBody } = body;
      const certificate = certificateFromPem(officer.certificatePem);
      if (certificatePem !== undefined && !certificateFromPem(certificatePem).equals(certificate)) {
        throw new MoharError(
          "forbidden",
          "auth.not_this_officer_certificate",
          `the certificate given is not the one on record for officer ${officer.id}; an officer signs only with their own certificate (register a renewed certificate first)`,
        );
      }
      const chain = chainPem ?? officer.chainPem;
      const prepared = await prepareSigning(sessions, {
        pdf,
        certificate,
        chain: chain ? pemBlocks(chain, "CERTIFICATE") : [],
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

  r.post(
    "/v1/signing-sessions/:sid/complete",
    json,
    audited(s, "signing.complete", async (req, res, audit) => {
      const sid = String(req.params.sid);
      const body = parse(completeSchema, req.body);
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
        },
      );
      const { documentId, version: n } = storedTarget(done.session);
      const version = await s.vault.addVersion(documentId, {
        pdf: done.pdf,
        uploader: actorOf(req).id,
        action: "signature",
        derivedFrom: n,
        signature: signatureRecord(done.signature),
        appendsToDerivedFrom: true,
      });
      await audit({ documentId, version: version.n, sha256: version.sha256, detail: `officer ${done.session.officer.officerId} signed version ${n}, session ${sid}` });
      res.status(201).location(`/v1/documents/${documentId}/versions/${version.n}/content`).json(versionBody(documentId, version));
    }),
  );

  return r;
}
