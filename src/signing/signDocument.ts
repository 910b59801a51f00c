import { embedSignatureInPlace } from "../pdf/index.js";
import { assertUsableForSigning, createCms, timestamperFor, type SigningKey } from "../pki/index.js";
import { signatureInfo, type SignatureInfo } from "./signatureInfo.js";
import { pdfOptions, preparerFor, tsaFor, type SignatureRequest } from "./signingOptions.js";
import { validationDataFor } from "./validationData.js";
import { withLiveRevocation } from "./liveValidationData.js";

export interface SignDocumentInput extends SignatureRequest {
  pdf: Buffer;
  key: SigningKey;
  /** The signing time; defaults to the current time. */
  now?: Date;
}

export interface SignedDocument {
  pdf: Buffer;
  signature: SignatureInfo;
}

/**
 * Signs a PDF in one go with a key mohar holds: PAdES baseline B-B (B-T with a timestamp),
 * appended as an incremental update so earlier signatures stay valid, with the chain's CRLs in the
 * /DSS (B-LT) when a revocation source is given. The certificate is checked, also against those
 * CRLs, before the PDF is touched.
 */
export async function signDocument(input: SignDocumentInput): Promise<SignedDocument> {
  const signingTime = input.now ?? new Date();
  assertUsableForSigning(input.key.signer.description, signingTime);
  const tsaUrl = tsaFor(input);
  const chain = [input.key.signer, ...input.key.chain];
  const dss = await withLiveRevocation(input, chain, signingTime, validationDataFor(input, chain, signingTime, tsaUrl !== undefined));
  const prepared = await preparerFor(input)(input.pdf, pdfOptions(input, signingTime, dss));
  const cms = await createCms({
    contentDigest: prepared.contentDigest,
    key: input.key,
    timestamp: tsaUrl ? timestamperFor(tsaUrl, { observe: input.observeTsa }) : undefined,
  });
  return {
    pdf: embedSignatureInPlace(prepared, cms),
    signature: signatureInfo({
      fieldName: prepared.fieldName,
      signingTime,
      officerId: input.officer.officerId,
      certificate: input.key.signer.description,
      timestamped: tsaUrl !== undefined,
    }),
  };
}
