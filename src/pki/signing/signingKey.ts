import { X509Certificate } from "node:crypto";
import { MoharError } from "../../errors.js";
import type { SignerCertificate } from "./signerCertificate.js";

export type KeyAlgorithm = "RSA" | "EC";

/** An officer's private key, wherever it lives, with the certificates that go with it. */
export interface SigningKey {
  officerId: string;
  /** DER of the signer's certificate. */
  certificate: Buffer;
  /** The same certificate, parsed once when the key was loaded (readSignerCertificate). */
  signer: SignerCertificate;
  /** DER of the issuing certificates, issuer first. */
  chain: Buffer[];
  keyAlgorithm: KeyAlgorithm;
  /**
   * SHA-256 signature over `data` as CMS wants it: RSA PKCS#1 v1.5, or ECDSA as a DER
   * Ecdsa-Sig-Value.
   */
  sign(data: Buffer): Promise<Buffer>;
}

export interface KeyStore {
  /** Throws MoharError (not_found, unprocessable key.*, unavailable) when the key cannot be used. */
  load(officerId: string): Promise<SigningKey>;
}

/** The key algorithm of a certificate's public key; mohar signs with RSA and ECDSA keys. */
export function keyAlgorithmOf(certificate: Buffer): KeyAlgorithm {
  const type = new X509Certificate(certificate).publicKey.asymmetricKeyType;
  if (type === "rsa") return "RSA";
  if (type === "ec") return "EC";
  throw new MoharError("key.unsupported_algorithm", `certificates with ${type ?? "unknown"} keys are not supported; use RSA or ECDSA`);
}
