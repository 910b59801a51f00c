import { X509Certificate } from "node:crypto";
import { MoharError } from "../errors.js";
import type { DssData } from "../pdf/index.js";
import { checkRevocation, type SignerCertificate } from "../pki/index.js";
import type { SignatureRequest } from "./signingOptions.js";

/**
 * With live revocation configured, asks the signer chain's OCSP responders / CRL distribution
 * points, refuses a certificate an answer says is revoked, and adds what was fetched to the /DSS
 * (B-LT) next to the CRL_DIR data. A responder that does not answer does not stop signing (the
 * CRL_DIR check has already run). Without live revocation, `dss` is returned as it was.
 */
export async function withLiveRevocation(req: SignatureRequest, signerChain: ReadonlyArray<Buffer | SignerCertificate>, at: Date, dss: DssData | undefined): Promise<DssData | undefined> {
  const live = req.liveRevocation;
  if (!live) return dss;
  const chain = signerChain.map((c) => (Buffer.isBuffer(c) ? c : c.der));
  const found = await live.forChain(chain);
  const certs = chain.map((der) => new X509Certificate(der));
  for (const cert of certs) {
    const issuer = certs.find((c) => c !== cert && cert.checkIssued(c));
    const check = checkRevocation(cert, issuer, found.crls, found.ocsps, at);
    if (check.status === "revoked") {
      const which = cert === certs[0] ? "the signer's certificate" : "an issuing CA certificate";
      throw new MoharError("cert.revoked", `${which} ${cert.subject.replace(/\n/g, ", ")} (serial ${cert.serialNumber}) is revoked (${check.source ?? "fetched"}: ${check.detail}); it can no longer sign`);
    }
  }
  const base: DssData = dss ?? { certs: chain, crls: [], ocsps: [] };
  // A fetched CRL may be the one CRL_DIR already holds.
  const crls = [...base.crls, ...found.crls.map((c) => c.der).filter((d) => !base.crls.some((b) => b.equals(d)))];
  return { certs: base.certs, crls, ocsps: [...base.ocsps, ...found.ocsps.map((o) => o.der)] };
}
