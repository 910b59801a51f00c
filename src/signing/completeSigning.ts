import { createHash } from "node:crypto";
import { MoharError } from "../errors.js";
import { digestByteRange, embedSignature, signedBytesOf } from "../pdf/index.js";
import {
  assembleCms,
  assertPadesCms,
  checkCmsForContent,
  describeCertificate,
  keyAlgorithmOf,
  normalizeSignatureValue,
  requestTimestamp,
  verifyRawSignature,
  type TsaObserver,
} from "../pki/index.js";
import { signatureInfo, type SignatureInfo } from "./signatureInfo.js";
import type { SigningSession, SigningSessionStore } from "./signingSession.js";

/** Exactly one of: the raw signature over the signed attributes, or a whole detached CMS. */
export interface CompletionInput {
  signature?: Buffer;
  cms?: Buffer;
}

export interface CompletedSigning {
  pdf: Buffer;
  session: SigningSession;
  signature: SignatureInfo;
}

/**
 * Second phase: checks the signature against the session's certificate and content, timestamps it
 * when the session asked for that, embeds the CMS, and claims the session so that it completes
 * only once. A bad signature leaves the session open for a corrected attempt.
 */
export interface CompletionOptions {
  now?: Date;
  /** The caller's own checks on the session (who may complete it, is its document current), run before anything else. */
  accept?: (session: SigningSession) => Promise<void>;
  /**
   * For a session prepared without a certificate (eSign): decides whether the CMS's signer may
   * sign for the session's officer (throws if not) and returns the issuers to carry in the CMS.
   * Such a session is never completed without it.
   */
  acceptSigner?: (signerCertificate: Buffer, cmsCertificates: Buffer[]) => Buffer[];
  /** Told of each request to the TSA (the service's metrics). */
  observeTsa?: TsaObserver;
}

export async function completeSigning(
  sessions: SigningSessionStore,
  sessionId: string,
  input: CompletionInput,
  opts: CompletionOptions = {},
): Promise<CompletedSigning> {
  const now = opts.now ?? new Date();
  const session = await sessions.load(sessionId);
  await opts.accept?.(session);
  if (await sessions.isCompleted(sessionId)) {
    throw new MoharError("signing.session_completed", `signing session ${sessionId} has already been completed`);
  }
  if (now > session.expiresAt) {
    throw new MoharError("signing.session_expired", `signing session ${sessionId} expired at ${session.expiresAt.toISOString()}; prepare again`);
  }
  if ((input.signature === undefined) === (input.cms === undefined)) {
    throw new MoharError("signing.completion_input", "give exactly one of signature (raw, over the signed attributes) and cms");
  }
  const cms = input.signature ? await cmsFromRawSignature(session, input.signature, opts.observeTsa) : await cmsFromFullCms(session, input.cms!, opts.acceptSigner, opts.observeTsa);
  const pdf = embedSignature({ bytes: session.preparedPdf, byteRange: session.byteRange }, cms.der);
  await sessions.markCompleted(sessionId, now);
  return {
    pdf,
    session,
    signature: signatureInfo({
      fieldName: session.fieldName,
      signingTime: session.signingTime,
      officerId: session.officer.officerId,
      certificate: describeCertificate(cms.signerCertificate),
      timestamped: cms.timestamped,
    }),
  };
}

const mismatch = (detail: string): MoharError => new MoharError("signature.mismatch", detail);

async function timestampFor(session: SigningSession, signatureValue: Buffer, observe?: TsaObserver): Promise<Buffer | undefined> {
  if (!session.tsaUrl) return undefined;
  return requestTimestamp(session.tsaUrl, createHash("sha256").update(signatureValue).digest(), { observe });
}

interface MadeCms {
  der: Buffer;
  timestamped: boolean;
  signerCertificate: Buffer;
}

async function cmsFromRawSignature(session: SigningSession, raw: Buffer, observe?: TsaObserver): Promise<MadeCms> {
  const { certificate, signedAttributes } = session;
  if (!certificate || !signedAttributes) {
    throw new MoharError("signing.completion_input", `signing session ${session.id} was prepared for a signer that returns a whole CMS (eSign); send cms`);
  }
  const signatureValue = normalizeSignatureValue(certificate, raw);
  if (!verifyRawSignature(certificate, signedAttributes, signatureValue)) {
    throw mismatch("the signature does not verify with the officer's certificate over the prepared signed attributes");
  }
  const timestampToken = await timestampFor(session, signatureValue, observe);
  const der = assembleCms({
    signedAttributes,
    signatureValue,
    signerCertificate: certificate,
    chain: session.chain,
    keyAlgorithm: keyAlgorithmOf(certificate),
    timestampToken,
  });
  return { der, timestamped: timestampToken !== undefined, signerCertificate: certificate };
}

async function cmsFromFullCms(session: SigningSession, der: Buffer, acceptSigner: CompletionOptions["acceptSigner"], observe?: TsaObserver): Promise<MadeCms> {
  const parsed = checkCmsForContent(der, digestByteRange(session.preparedPdf, session.byteRange));
  let chain = session.chain;
  if (session.certificate) {
    if (!parsed.signerCertificate.equals(session.certificate)) {
      throw mismatch("the CMS is signed with a different certificate than the one the session was prepared for");
    }
  } else {
    if (!acceptSigner) throw mismatch(`signing session ${session.id} has no certificate on record and no rule to accept the CMS's signer`);
    chain = acceptSigner(parsed.signerCertificate, parsed.certificates);
  }
  assertPadesCms(der, signedBytesOf(session.preparedPdf, session.byteRange));
  // The chain the session was prepared with (or the accepted one) goes in too, so validators can build the path.
  const missing = chain.filter((c) => !parsed.certificates.some((have) => have.equals(c)));
  const addTimestamp = parsed.timestampToken === null && session.tsaUrl !== undefined;
  if (!addTimestamp && missing.length === 0) return { der, timestamped: parsed.timestampToken !== null, signerCertificate: parsed.signerCertificate };
  // Rebuilt around the client's signed attributes and signature value, which stay exactly as signed.
  const timestampToken = parsed.timestampToken ?? (await timestampFor(session, parsed.signatureValue, observe));
  const rebuilt = assembleCms({
    signedAttributes: parsed.signedAttributes,
    signatureValue: parsed.signatureValue,
    signerCertificate: parsed.signerCertificate,
    chain: [...parsed.certificates.filter((c) => !c.equals(parsed.signerCertificate)), ...missing],
    keyAlgorithm: keyAlgorithmOf(parsed.signerCertificate),
    timestampToken,
  });
  return { der: rebuilt, timestamped: timestampToken !== undefined, signerCertificate: parsed.signerCertificate };
}
