import { assembleCms } from "./cmsAssemble.js";
import { buildSignedAttributes } from "./signedAttributes.js";
import type { SigningKey } from "./signingKey.js";

/** Fetches an RFC 3161 TimeStampToken for a signature value (hashing it is up to the callee). */
export type Timestamper = (signatureValue: Buffer) => Promise<Buffer>;

/** Signs `contentDigest` (SHA-256 of the signed bytes) with `key` and returns the detached CMS. */
export async function createCms(opts: { contentDigest: Buffer; key: SigningKey; timestamp?: Timestamper }): Promise<Buffer> {
  const signedAttributes = buildSignedAttributes({ contentDigest: opts.contentDigest, signerCertificate: opts.key.signer });
  const signatureValue = await opts.key.sign(signedAttributes);
  const timestampToken = opts.timestamp ? await opts.timestamp(signatureValue) : undefined;
  return assembleCms({
    signedAttributes,
    signatureValue,
    signerCertificate: opts.key.signer,
    chain: opts.key.chain,
    keyAlgorithm: opts.key.keyAlgorithm,
    timestampToken,
  });
}
