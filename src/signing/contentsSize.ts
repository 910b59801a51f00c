import { X509Certificate } from "node:crypto";
import type { ByteRange } from "../pdf/index.js";
import { assembleCms, buildSignedAttributes, type SigningKey } from "../pki/index.js";

/** A DER ECDSA-Sig-Value is at most this long (P-521: two 66-byte integers, each with a sign byte, and headers). */
const ECDSA_SIGNATURE_BOUND = 139;
/** Room for an RFC 3161 token (its TSTInfo, the TSA's signature and usually its certificate), beyond the TSA certificates known beforehand. */
const TIMESTAMP_TOKEN_ALLOWANCE = 8 * 1024;
/** Room for DER length headers that grow with a timestamp token, and rounding. */
const SLACK = 64;
/** The least placeholder preparePdfSignature accepts. */
const MIN_CONTENTS = 1024;

/**
 * How much longer a later token from the same TSA may be than one of `tokenBytes`: a few bytes
 * (serial number, time, nonce), or a certificate more or less (some TSAs include theirs only
 * sometimes): at least 256 bytes, and a tenth of the token.
 */
const tokenVariance = (tokenBytes: number): number => Math.max(256, Math.ceil(tokenBytes / 10));
/** TSAs remembered with the longest token they gave beyond the allowance. */
const LONG_TOKENS_KEPT = 16;

const cmsWithoutTimestamp = new WeakMap<SigningKey, number>();
const longTokens = new Map<string, number>();

/**
 * The /Contents placeholder a one-step signature needs: the CMS this key makes (its certificate and
 * chain, the signed attributes, a signature value as long as the key's), measured once per loaded
 * key by assembling it around a dummy signature, plus `timestampBytes` for a timestamp token. A
 * fixed 24 KiB placeholder is five times what an RSA-2048 signature with a two-certificate chain
 * needs (about 5 KB), and as hex it made up most of a file that collects signatures: every later
 * signature hashes and copies it again.
 */
export function contentsSizeFor(key: SigningKey, timestampBytes: number): number {
  let base = cmsWithoutTimestamp.get(key);
  if (base === undefined) {
    base = assembleCms({
      signedAttributes: buildSignedAttributes({ contentDigest: Buffer.alloc(32), signerCertificate: key.signer }),
      signatureValue: Buffer.alloc(signatureValueBound(key), 0xff),
      signerCertificate: key.signer,
      chain: key.chain,
      keyAlgorithm: key.keyAlgorithm,
    }).length;
    cmsWithoutTimestamp.set(key, base);
  }
  return roundUp(base + timestampBytes + SLACK);
}

/**
 * Room for a timestamp token from `tsaUrl` (0 without one): the allowance beyond the TSA's
 * certificates known beforehand, or, once this TSA gave a token that outgrew it, that token's
 * length, so its later signatures are prepared and timestamped once.
 */
export function timestampRoom(tsaUrl: string | undefined, tsaCertificates: readonly Buffer[] = []): number {
  if (tsaUrl === undefined) return 0;
  const allowance = TIMESTAMP_TOKEN_ALLOWANCE + tsaCertificates.reduce((n, c) => n + c.length, 0);
  const long = longTokens.get(tsaUrl);
  return long === undefined ? allowance : Math.max(allowance, long + tokenVariance(long));
}

/**
 * The placeholder for the second try after `cms` outgrew the first: that CMS, its timestamp token
 * (of `tokenBytes`) counted once as it is already inside it, with room for a later token's
 * more bytes (tokenVariance). The token's length is remembered for the TSA's next signatures (`timestampRoom`).
 */
export function contentsSizeAfter(cms: Buffer, tsaUrl: string | undefined, tokenBytes: number): number {
  if (tsaUrl !== undefined && tokenBytes > (longTokens.get(tsaUrl) ?? 0)) {
    longTokens.delete(tsaUrl);
    longTokens.set(tsaUrl, tokenBytes);
    if (longTokens.size > LONG_TOKENS_KEPT) longTokens.delete(longTokens.keys().next().value as string);
  }
  return roundUp(cms.length + (tsaUrl !== undefined ? tokenVariance(tokenBytes) : 0) + SLACK);
}

const roundUp = (n: number): number => Math.max(MIN_CONTENTS, Math.ceil(n / 64) * 64);

/** The longest signature value the key makes: an RSA signature is as long as its modulus. */
function signatureValueBound(key: SigningKey): number {
  if (key.keyAlgorithm !== "RSA") return ECDSA_SIGNATURE_BOUND;
  const bits = new X509Certificate(key.certificate).publicKey.asymmetricKeyDetails?.modulusLength;
  return bits ? Math.ceil(bits / 8) : 512;
}

/** How many bytes of DER the /Contents hex string between the ByteRange's two parts holds. */
export function placeholderCapacity(byteRange: ByteRange): number {
  return (byteRange[2] - byteRange[1] - 2) / 2;
}
