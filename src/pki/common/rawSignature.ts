import { verify, X509Certificate } from "node:crypto";
import { rawEcdsaToDer } from "./ecdsaSignature.js";

/**
 * Whether `signatureValue` is the certificate key's SHA-256 (or `hash`) signature over the signed
 * attributes (RSA PKCS#1 v1.5, or ECDSA in DER). Two-phase signing uses this to refuse a
 * signature that was not made by the key of the certificate it came with.
 */
export function verifyRawSignature(certificateDer: Buffer, signedAttributesDer: Buffer, signatureValue: Buffer, hash = "sha256"): boolean {
  const publicKey = new X509Certificate(certificateDer).publicKey;
  try {
    return verify(hash, signedAttributesDer, { key: publicKey, dsaEncoding: "der" }, signatureValue);
  } catch {
    // Malformed signature bytes (e.g. broken DER) are simply not a valid signature.
    return false;
  }
}

/**
 * Token middleware and WebCrypto return ECDSA signatures as raw r||s; CMS needs DER. Returns
 * the signature in the form CMS carries; RSA signatures and DER ECDSA pass through unchanged.
 */
export function normalizeSignatureValue(certificateDer: Buffer, signatureValue: Buffer): Buffer {
  const publicKey = new X509Certificate(certificateDer).publicKey;
  if (publicKey.asymmetricKeyType !== "ec") return signatureValue;
  const curveBytes = { "prime256v1": 32, "secp384r1": 48, "secp521r1": 66 }[publicKey.asymmetricKeyDetails?.namedCurve ?? ""];
  if (curveBytes !== undefined && signatureValue.length === 2 * curveBytes && signatureValue[0] !== 0x30) {
    return rawEcdsaToDer(signatureValue);
  }
  return signatureValue;
}
