import type { DssData } from "../pdf/index.js";
import type { SignerCertificate } from "../pki/index.js";
import type { SignatureRequest } from "./signingOptions.js";

/**
 * Refuses a signer whose chain a known CRL lists as revoked, and returns what goes into the
 * /DSS with the signature: the signer's chain and its CRLs, and those of the TSA's chain when the
 * signature will be timestamped. Undefined without a revocation source: no /DSS is written.
 * The chain is read once for both (and the source remembers the CA certificates it read); a key's
 * signer certificate comes parsed with the key.
 */
export function validationDataFor(
  req: SignatureRequest,
  signerChain: ReadonlyArray<Buffer | SignerCertificate>,
  at: Date,
  timestamped: boolean,
): DssData | undefined {
  const source = req.revocation;
  if (!source) return undefined;
  const chain = source.readChain(signerChain);
  source.assertNotRevoked(chain, at);
  const tsa = timestamped ? (req.tsaCertificates ?? []) : [];
  return source.revocationDataFor([...chain, ...tsa], at);
}
