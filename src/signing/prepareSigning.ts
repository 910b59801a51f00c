import { createHash } from "node:crypto";
import { assertUsableForSigning, buildSignedAttributes, keyAlgorithmOf } from "../pki/index.js";
import { pdfOptions, preparerFor, tsaFor, type SignatureRequest } from "./signingOptions.js";
import type { PreparedPdfSignature } from "../pdf/index.js";
import { chainForCms } from "./cmsChain.js";
import { newSessionId, type SigningSession, type SigningSessionStore } from "./signingSession.js";
import { validationDataFor } from "./validationData.js";
import { withLiveRevocation } from "./liveValidationData.js";

export const DEFAULT_SESSION_TTL_MS = 15 * 60 * 1000;

export interface PrepareSigningInput extends SignatureRequest {
  pdf: Buffer;
  /** DER of the certificate the officer's token or eSign provider will sign with. */
  certificate: Buffer;
  /** DER of its issuers, issuer first; they go into the CMS. */
  chain: Buffer[];
  documentId?: string;
  version?: number;
  now?: Date;
  ttlMs?: number;
}

export interface PreparedSigning {
  sessionId: string;
  /** SHA-256 of `signedAttributes`: what a token that signs digests must sign. */
  digestToSign: Buffer;
  /** DER of the CMS signed attributes: what a signer that hashes itself must sign. */
  signedAttributes: Buffer;
  /** SHA-256 of the PDF's ByteRange: the message digest for a client that builds the whole CMS. */
  contentDigest: Buffer;
  fieldName: string;
  signingTime: Date;
  expiresAt: Date;
}

/**
 * First phase of signing with a key mohar does not hold (USB token, eSign): writes the
 * placeholder PDF and the CMS signed attributes over its ByteRange into a session, and returns
 * what must be signed.
 */
export async function prepareSigning(sessions: SigningSessionStore, input: PrepareSigningInput): Promise<PreparedSigning> {
  const signingTime = input.now ?? new Date();
  assertUsableForSigning(input.certificate, signingTime);
  // Refuse a key type the CMS cannot carry now, not after the officer has signed.
  keyAlgorithmOf(input.certificate);
  const tsaUrl = tsaFor(input);
  const chain = [input.certificate, ...input.chain];
  const dss = await withLiveRevocation(input, chain, signingTime, validationDataFor(input, chain, signingTime, tsaUrl !== undefined));
  const prepared = await preparerFor(input)(input.pdf, pdfOptions(input, signingTime, dss));
  const signedAttributes = buildSignedAttributes({ contentDigest: prepared.contentDigest, signerCertificate: input.certificate });
  const { sessionId, expiresAt } = await saveSession(sessions, input, prepared, signingTime, tsaUrl, {
    signedAttributes,
    certificate: input.certificate,
    chain: chainForCms(input.chain, dss),
  });
  return {
    sessionId,
    digestToSign: createHash("sha256").update(signedAttributes).digest(),
    signedAttributes,
    contentDigest: prepared.contentDigest,
    fieldName: prepared.fieldName,
    signingTime,
    expiresAt,
  };
}

export type PrepareExternalInput = Omit<PrepareSigningInput, "certificate" | "chain">;

export interface PreparedExternal {
  sessionId: string;
  /** SHA-256 of the PDF's ByteRange: what the external signer (the eSign InputHash) signs. */
  contentDigest: Buffer;
  fieldName: string;
  signingTime: Date;
  expiresAt: Date;
}

/**
 * First phase for a signer whose certificate is not known until it has signed (eSign: the ESP
 * issues one per transaction): the placeholder PDF and its ByteRange digest go into a session
 * without a certificate, which completes only with a whole CMS whose signer the caller accepts.
 * The /DSS can carry only the TSA's validation data, the signer being unknown yet.
 */
export async function prepareForExternalSigner(sessions: SigningSessionStore, input: PrepareExternalInput): Promise<PreparedExternal> {
  const signingTime = input.now ?? new Date();
  const tsaUrl = tsaFor(input);
  const dss = validationDataFor(input, [], signingTime, tsaUrl !== undefined);
  const prepared = await preparerFor(input)(input.pdf, pdfOptions(input, signingTime, dss));
  const { sessionId, expiresAt } = await saveSession(sessions, input, prepared, signingTime, tsaUrl, { chain: [] });
  return { sessionId, contentDigest: prepared.contentDigest, fieldName: prepared.fieldName, signingTime, expiresAt };
}

/** The session both first phases save: the prepared PDF and what completing it needs, plus the signer's part. */
async function saveSession(
  sessions: SigningSessionStore,
  input: PrepareExternalInput,
  prepared: PreparedPdfSignature,
  signingTime: Date,
  tsaUrl: string | undefined,
  signer: Pick<SigningSession, "signedAttributes" | "certificate" | "chain">,
): Promise<{ sessionId: string; expiresAt: Date }> {
  const sessionId = newSessionId();
  const expiresAt = new Date(signingTime.getTime() + (input.ttlMs ?? DEFAULT_SESSION_TTL_MS));
  await sessions.save({
    id: sessionId,
    officer: input.officer,
    documentId: input.documentId,
    version: input.version,
    fieldName: prepared.fieldName,
    signingTime,
    expiresAt,
    byteRange: prepared.byteRange,
    ...signer,
    tsaUrl,
    preparedPdf: prepared.bytes,
  });
  return { sessionId, expiresAt };
}
