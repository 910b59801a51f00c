import { MoharError } from "../../errors.js";
import { describeCertificate, type CertificateDescription } from "../common/certificateInfo.js";
import { oid } from "../common/oids.js";

/** Extended key usages under which a certificate may sign documents. */
const documentSigningPurposes: ReadonlySet<string> = new Set([
  oid.anyExtendedKeyUsage,
  oid.emailProtection,
  oid.clientAuth,
  oid.documentSigning,
  oid.msDocumentSigning,
  oid.adobeAuthenticDocuments,
]);

/**
 * Refuses a certificate that must not sign a document at time `at`: not yet valid, expired,
 * a CA certificate, a keyUsage with neither digitalSignature nor nonRepudiation, or an
 * extendedKeyUsage with no document-signing purpose (a TSA's certificate, say). Takes DER, or
 * the description of a certificate parsed before; the check itself runs on every call.
 */
export function assertUsableForSigning(certificate: Buffer | CertificateDescription, at: Date): void {
  const c = Buffer.isBuffer(certificate) ? describeCertificate(certificate) : certificate;
  const who = `the certificate of ${c.subjectAttributes.commonName ?? c.subject} (serial ${c.serialHex})`;
  if (at < c.notBefore) {
    throw new MoharError("cert.not_yet_valid", `${who} is not valid before ${c.notBefore.toISOString()}`);
  }
  if (at > c.notAfter) {
    throw new MoharError("cert.expired", `${who} expired on ${c.notAfter.toISOString()}`);
  }
  if (c.isCA) {
    throw new MoharError("cert.key_usage", `${who} is a CA certificate, not a signer's certificate`);
  }
  if (c.keyUsage && !c.keyUsage.includes("digitalSignature") && !c.keyUsage.includes("nonRepudiation")) {
    throw new MoharError(
      "cert.key_usage",
      `${who} does not allow signing: its key usage (${c.keyUsage.join(", ") || "none"}) has neither digitalSignature nor nonRepudiation`,
    );
  }
  if (c.extendedKeyUsage && !c.extendedKeyUsage.some((p) => documentSigningPurposes.has(p))) {
    throw new MoharError("cert.key_usage", `${who} does not allow document signing: its extended key usages are ${c.extendedKeyUsage.join(", ")}`);
  }
}
