import { embedSignatureInPlace, type PreparedPdfSignature } from "../pdf/index.js";
import { assertUsableForSigning, createCms, timestamperFor, type SigningKey } from "../pki/index.js";
import { contentsSizeAfter, contentsSizeFor, placeholderCapacity, timestampRoom } from "./contentsSize.js";
import { keyForCms } from "./cmsChain.js";
import { signatureInfo, type SignatureInfo } from "./signatureInfo.js";
import { pdfOptions, preparerFor, tsaFor, type SignatureRequest } from "./signingOptions.js";
import { validationDataFor } from "./validationData.js";
import { withLiveRevocation } from "./liveValidationData.js";

/** The most preparePdfSignature reserves. */
const MAX_CONTENTS = 1024 * 1024;
/** Preparations of one signature at most: the sized one, and two re-sized to the CMS made. */
const ATTEMPTS = 3;

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
 * CRLs, before the PDF is touched. The /Contents placeholder is sized to the CMS this key makes
 * (contentsSize.ts); should the CMS not fit, the update is prepared and signed once more (twice at most).
 */
export async function signDocument(input: SignDocumentInput): Promise<SignedDocument> {
  const signingTime = input.now ?? new Date();
  assertUsableForSigning(input.key.signer.description, signingTime);
  const tsaUrl = tsaFor(input);
  const chain = [input.key.signer, ...input.key.chain];
  const dss = await withLiveRevocation(input, chain, signingTime, validationDataFor(input, chain, signingTime, tsaUrl !== undefined));
  const options = pdfOptions(input, signingTime, dss);
  // The CMS carries the signer's chain less a root this update's /DSS holds.
  const key = keyForCms(input.key, dss);
  const prepare = (contentsSize: number): Promise<PreparedPdfSignature> => preparerFor(input)(input.pdf, { ...options, contentsSize });
  const timestamper = tsaUrl ? timestamperFor(tsaUrl, { observe: input.observeTsa }) : undefined;
  let tokenBytes = 0;
  const sign = (prepared: PreparedPdfSignature): Promise<Buffer> =>
    createCms({
      contentDigest: prepared.contentDigest,
      key,
      timestamp: timestamper && (async (signature) => {
        const token = await timestamper(signature);
        tokenBytes = token.length;
        return token;
      }),
    });
  let prepared = await prepare(contentsSizeFor(key, timestampRoom(tsaUrl, input.tsaCertificates)));
  let cms = await sign(prepared);
  // A larger key or timestamp token than allowed for: once more, with room for the CMS just made;
  // a third time should the TSA's next token have outgrown even that room.
  for (let attempt = 1; attempt < ATTEMPTS && cms.length > placeholderCapacity(prepared.byteRange); attempt += 1) {
    prepared = await prepare(Math.min(MAX_CONTENTS, contentsSizeAfter(cms, tsaUrl, tokenBytes)));
    cms = await sign(prepared);
  }
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
