import type { DssData } from "../pdf/index.js";
import type { SignatureRequest } from "./signingOptions.js";

/**
 * Refuses a signer whose chain a known CRL lists as revoked, and returns what goes into the
 * /DSS with the signature: the signer's chain and its CRLs, and those of the TSA's chain when the
 * signature will be timestamped. Undefined without a revocation source: no /DSS is written.
 */
export function validationDataFor(req: SignatureRequest, signerChain: Buffer[], at: Date, timestamped: boolean): DssData | undefined {
  const source = req.revocation;
  if (!source) return undefined;
  source.assertNotRevoked(signerChain, at);
  const tsa = timestamped ? (req.tsaCertificates ?? []) : [];
  return source.revocationDataFor([...signerChain, ...tsa], at);
}
