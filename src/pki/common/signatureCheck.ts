import { constants, verify as cryptoVerify, type KeyObject, type X509Certificate } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";

const DIGESTS: Record<string, string> = {
  "1.3.14.3.2.26": "sha1",
  "2.16.840.1.101.3.4.2.4": "sha224",
  "2.16.840.1.101.3.4.2.1": "sha256",
  "2.16.840.1.101.3.4.2.2": "sha384",
  "2.16.840.1.101.3.4.2.3": "sha512",
};

/** Signature algorithms that fix their own digest (RSA and ECDSA "withSHAx" OIDs). */
const SIG_WITH_DIGEST: Record<string, { key: "rsa" | "ec"; hash: string }> = {
  "1.2.840.113549.1.1.5": { key: "rsa", hash: "sha1" },
  "1.2.840.113549.1.1.14": { key: "rsa", hash: "sha224" },
  "1.2.840.113549.1.1.11": { key: "rsa", hash: "sha256" },
  "1.2.840.113549.1.1.12": { key: "rsa", hash: "sha384" },
  "1.2.840.113549.1.1.13": { key: "rsa", hash: "sha512" },
  "1.2.840.10045.4.1": { key: "ec", hash: "sha1" },
  "1.2.840.10045.4.3.1": { key: "ec", hash: "sha224" },
  "1.2.840.10045.4.3.2": { key: "ec", hash: "sha256" },
  "1.2.840.10045.4.3.3": { key: "ec", hash: "sha384" },
  "1.2.840.10045.4.3.4": { key: "ec", hash: "sha512" },
};

/** BSI TR-03111 ecdsa-plain-SHA* (the PLAIN-ECDSA of some European and Indian tokens): r || s, not DER. */
const PLAIN_ECDSA: Record<string, string> = {
  "0.4.0.127.0.7.1.1.4.1.1": "sha1",
  "0.4.0.127.0.7.1.1.4.1.2": "sha224",
  "0.4.0.127.0.7.1.1.4.1.3": "sha256",
  "0.4.0.127.0.7.1.1.4.1.4": "sha384",
  "0.4.0.127.0.7.1.1.4.1.5": "sha512",
};

/** Node's hash name for a digest algorithm OID, or undefined when unsupported. */
export function digestName(oid: string): string | undefined {
  return DIGESTS[oid];
}

/** A certificate's public key, or null when its SubjectPublicKeyInfo cannot be decoded. */
export function publicKeyOf(cert: X509Certificate): KeyObject | null {
  try {
    return cert.publicKey;
  } catch {
    return null;
  }
}

export interface SignatureCheck {
  ok: boolean;
  /** Why it could not be checked (unsupported algorithm, bad key); absent when checked. */
  problem?: string;
  /** The algorithm is one mohar cannot check: the signature is neither valid nor invalid to it. */
  unsupported?: boolean;
}

/**
 * Verifies `signature` over `data` with `key` for a signature AlgorithmIdentifier, falling back
 * to `digestOid` where the algorithm names only the key type (rsaEncryption, id-ecPublicKey).
 */
export function checkSignature(
  alg: pkijs.AlgorithmIdentifier,
  digestOid: string | undefined,
  data: Uint8Array,
  signature: Uint8Array,
  key: KeyObject,
): SignatureCheck {
  const oid = alg.algorithmId;
  try {
    if (oid === "1.3.101.112" || oid === "1.3.101.113") return { ok: cryptoVerify(null, data, key, signature) };
    if (oid === "1.2.840.113549.1.1.10") {
      const params = new pkijs.RSASSAPSSParams({ schema: alg.algorithmParams as asn1js.AsnType });
      const hash = digestName(params.hashAlgorithm.algorithmId);
      if (!hash) return { ok: false, unsupported: true, problem: `unsupported RSA-PSS hash ${params.hashAlgorithm.algorithmId}` };
      return {
        ok: cryptoVerify(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: params.saltLength }, signature),
      };
    }
    const plain = PLAIN_ECDSA[oid];
    if (plain) {
      if (key.asymmetricKeyType !== "ec") return { ok: false, problem: `the ${key.asymmetricKeyType ?? "unknown"} key does not match algorithm ${oid}` };
      return { ok: cryptoVerify(plain, data, { key, dsaEncoding: "ieee-p1363" }, signature) };
    }
    const fixed = SIG_WITH_DIGEST[oid];
    const hash = fixed?.hash ?? (digestOid ? digestName(digestOid) : undefined);
    const keyType = fixed?.key ?? (oid === "1.2.840.113549.1.1.1" ? "rsa" : oid === "1.2.840.10045.2.1" ? "ec" : undefined);
    if (!hash || !keyType) return { ok: false, unsupported: true, problem: `unsupported signature algorithm ${oid}` };
    if ((keyType === "rsa") !== (key.asymmetricKeyType === "rsa")) {
      return { ok: false, problem: `the ${key.asymmetricKeyType ?? "unknown"} key does not match algorithm ${oid}` };
    }
    return { ok: cryptoVerify(hash, data, key, signature) };
  } catch (e) {
    return { ok: false, problem: `signature check failed: ${(e as Error).message}` };
  }
}
