import { createHash, createPublicKey, sign, verify, type KeyObject } from "node:crypto";

/** C2SP signed-note signature type for Ed25519. */
const ED25519 = 0x01;
const SIG_PREFIX = "\u2014 ";

/** A key name is any non-empty string without whitespace or '+' (C2SP signed-note). */
export const KEY_NAME = /^[^\s+]+$/;

/** keyID = SHA-256(name || 0x0A || 0x01 || publicKey)[:4]. */
export function keyId(name: string, publicKey: Buffer): Buffer {
  return createHash("sha256")
    .update(Buffer.from(`${name}\n`, "utf8"))
    .update(Buffer.from([ED25519]))
    .update(publicKey)
    .digest()
    .subarray(0, 4);
}

/** The verifier key string: `<name>+<hex keyID>+<base64(0x01 || publicKey)>`. */
export function verifierKey(name: string, publicKey: Buffer): string {
  return `${name}+${keyId(name, publicKey).toString("hex")}+${Buffer.concat([Buffer.from([ED25519]), publicKey]).toString("base64")}`;
}

/** Parses a verifier key string back to name and raw Ed25519 public key; null if malformed. */
export function parseVerifierKey(vkey: string): { name: string; publicKey: Buffer } | null {
  // Only the first two '+' separate fields: base64 key material may itself contain '+'.
  const m = vkey.trim().match(/^([^+]+)\+([0-9a-fA-F]{8})\+(.+)$/);
  if (!m) return null;
  const [, name, idHex, b64] = m as unknown as [string, string, string, string];
  const raw = Buffer.from(b64, "base64");
  if (!KEY_NAME.test(name) || raw.length !== 33 || raw[0] !== ED25519) return null;
  const publicKey = raw.subarray(1);
  if (keyId(name, publicKey).toString("hex") !== idHex.toLowerCase()) return null;
  return { name, publicKey };
}

export function ed25519PublicKeyObject(raw: Buffer): KeyObject {
  return createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: raw.toString("base64url") }, format: "jwk" });
}

/** Signs `body` (which must end in a newline) and returns the whole note. */
export function signNote(body: string, name: string, publicKey: Buffer, privateKey: KeyObject): string {
  const sig = sign(null, Buffer.from(body, "utf8"), privateKey);
  const blob = Buffer.concat([keyId(name, publicKey), sig]).toString("base64");
  return `${body}\n${SIG_PREFIX}${name} ${blob}\n`;
}

export type NoteCheck = { ok: true; body: string } | { ok: false; reason: string };

/** Checks notes against one key (the log key, or a key an auditor trusts). */
export interface NoteVerifier {
  readonly name: string;
  verify(note: string): NoteCheck;
}

/**
 * Splits a note into body and signature lines and checks that one of the signatures is a
 * valid Ed25519 signature by the key `name`/`publicKey`. Signatures by other keys are ignored.
 */
export function verifyNote(note: string, name: string, publicKey: Buffer): NoteCheck {
  const split = note.lastIndexOf("\n\n");
  if (split < 0 || !note.endsWith("\n")) return { ok: false, reason: "not a signed note (no blank line before the signatures)" };
  const body = note.slice(0, split + 1);
  const sigLines = note.slice(split + 2, -1).split("\n");
  const id = keyId(name, publicKey);
  const key = ed25519PublicKeyObject(publicKey);
  let sawKey = false;
  for (const line of sigLines) {
    if (!line.startsWith(SIG_PREFIX)) return { ok: false, reason: `malformed signature line ${JSON.stringify(line)}` };
    const [lineName, b64, ...rest] = line.slice(SIG_PREFIX.length).split(" ");
    if (rest.length > 0 || !lineName || !b64) return { ok: false, reason: `malformed signature line ${JSON.stringify(line)}` };
    const blob = Buffer.from(b64, "base64");
    if (lineName !== name || blob.length < 4 || !blob.subarray(0, 4).equals(id)) continue;
    sawKey = true;
    if (blob.length === 68 && verify(null, Buffer.from(body, "utf8"), key, blob.subarray(4))) return { ok: true, body };
  }
  return { ok: false, reason: sawKey ? "the log key's signature does not verify" : "not signed by the log key" };
}
