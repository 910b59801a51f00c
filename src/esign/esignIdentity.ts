import { X509Certificate } from "node:crypto";
import { z } from "zod";
import { MoharError } from "../errors.js";
import { assertUsableForSigning, describeCertificate, validateChain } from "../pki/index.js";

/**
 * Who an officer is to an eSign Service Provider: the name as the ESP writes it in the
 * per-transaction certificate (from the Aadhaar eKYC) and the identifier it puts beside it, in
 * the subject's pseudonym or serialNumber attribute (a hashed Aadhaar/UID token, not the number).
 */
export interface EsignIdentity {
  name: string;
  idAttribute: "pseudonym" | "serialNumber";
  id: string;
}

export const esignIdentitySchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    idAttribute: z.enum(["pseudonym", "serialNumber"]).default("pseudonym"),
    id: z.string().trim().min(8, "must be the identifier the ESP writes in the certificate (at least 8 characters)").max(200),
  })
  .strict();

const fold = (s: string): string => s.normalize("NFC").replace(/\s+/g, " ").trim().toUpperCase();

/**
 * Accepts the ESP's per-transaction certificate for an officer only when (1) it chains to one of
 * the configured ESP CAs and was valid at `at`, (2) it may sign documents, and (3) its subject
 * names the officer's registered eSign identity: the common name and the identifier attribute.
 * A certificate that is merely valid is not enough. Returns the issuers to carry in the CMS.
 */
export function acceptEsignCertificate(certificate: Buffer, pool: Buffer[], espCas: X509Certificate[], identity: EsignIdentity, at: Date): Buffer[] {
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(certificate);
  } catch {
    throw new MoharError("esign.untrusted_certificate", "the ESP's signing certificate is not an X.509 certificate");
  }
  const chain = validateChain(
    leaf,
    pool.filter((c) => !c.equals(certificate)).map((c) => new X509Certificate(c)),
    espCas,
    at,
  );
  if (!chain.chainOk || !chain.trusted) {
    throw new MoharError("esign.untrusted_certificate", `the eSign certificate does not chain to a configured ESP CA: ${chain.problems.join("; ") || "no path"}`);
  }
  assertUsableForSigning(certificate, at);
  if (!chain.validAtTime) throw new MoharError("esign.untrusted_certificate", `a certificate on the eSign certificate's path was not valid at ${at.toISOString()}`);
  const subject = describeCertificate(certificate).subjectAttributes;
  const name = subject.commonName ?? "";
  const id = subject[identity.idAttribute] ?? "";
  if (fold(name) !== fold(identity.name) || fold(id) !== fold(identity.id)) {
    throw new MoharError(
      "esign.identity_mismatch",
      `the eSign certificate names ${JSON.stringify(name)} (${identity.idAttribute} ${JSON.stringify(id)}), not the officer's registered eSign identity ${JSON.stringify(identity.name)} (${identity.idAttribute} ${JSON.stringify(identity.id)})`,
    );
  }
  return chain.path.slice(1).map((c) => c.raw);
}
