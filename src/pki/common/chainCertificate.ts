import { X509Certificate } from "node:crypto";
import { parseCertificate } from "./certificateInfo.js";
import { revokableCertificate, type RevokableCertificate } from "../verification/revocation.js";
import type { SignerCertificate } from "../signing/signerCertificate.js";

/**
 * A certificate of a chain read once for the revocation checks before a signature: Node's view to
 * find its issuer in the chain, and its issuer name and serial, read with pkijs (the costly part)
 * only when a CRL from its issuer is there to check.
 */
export interface ChainCertificate {
  der: Buffer;
  x509: X509Certificate;
  revokable(): RevokableCertificate;
}

/** A certificate given as DER is read here; a key's signer certificate, parsed when the key was loaded, is used as is. */
export function readChainCertificate(cert: Buffer | SignerCertificate): ChainCertificate {
  const der = Buffer.isBuffer(cert) ? cert : cert.der;
  let revokable = Buffer.isBuffer(cert) ? undefined : cert.revokable;
  return { der, x509: new X509Certificate(der), revokable: () => (revokable ??= revokableCertificate(parseCertificate(der))) };
}
