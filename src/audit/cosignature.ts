import { createHash, sign, verify, type KeyObject } from "node:crypto";
import { ed25519PublicKeyObject, KEY_NAME } from "./signedNote.js";

/** C2SP tlog-cosignature: the Ed25519 cosignature/v1 signature type in key IDs and verifier keys. */
const COSIGNATURE_V1 = 0x04;
const SIG_PREFIX = "\u2014 ";
const MAX_TIMESTAMP = 2n ** 63n - 1n;

/** A witness's public key (cosignature/v1, Ed25519) under its name. */
export interface WitnessKey {
  name: string;
  publicKey: Buffer;
  /** SHA-256(name || "\n" || 0x04 || public key)[:4]. */
  keyId: Buffer;
  /** `<name>+<hex key ID>+<base64(0x04 || public key)>`. */
  verifierKey: string;
}

export function cosignerKeyId(name: string, publicKey: Buffer): Buffer {
  return createHash("sha256").update(`${name}\n`, "utf8").update(Buffer.from([COSIGNATURE_V1])).update(publicKey).digest().subarray(0, 4);
}

export function witnessKey(name: string, publicKey: Buffer): WitnessKey {
  const keyId = cosignerKeyId(name, publicKey);
  const verifierKey = `${name}+${keyId.toString("hex")}+${Buffer.concat([Buffer.from([COSIGNATURE_V1]), publicKey]).toString("base64")}`;
  return { name, publicKey, keyId, verifierKey };
}

/** A witness verifier key (signature type 0x04, Ed25519); null when the string is not one. */
export function parseWitnessKey(vkey: string): WitnessKey | null {
  // Only the first two '+' separate fields: base64 key material may itself contain '+'.
  const m = vkey.trim().match(/^([^+]+)\+([0-9a-fA-F]{8})\+(.+)$/);
  if (!m) return null;
  const [, name, idHex, b64] = m as unknown as [string, string, string, string];
  const raw = Buffer.from(b64, "base64");
  if (!KEY_NAME.test(name) || raw.length !== 33 || raw[0] !== COSIGNATURE_V1 || raw.toString("base64") !== b64) return null;
  const key = witnessKey(name, raw.subarray(1));
  return key.keyId.toString("hex") === idHex.toLowerCase() ? key : null;
}

/** The message a cosignature/v1 signs: header, time line, then the checkpoint body with its final newline. */
export function cosignedMessage(body: string, time: bigint | number): string {
  return `cosignature/v1\ntime ${time}\n${body}`;
}

/**
 * Checks one signature line as `key`'s cosignature over the checkpoint `body`: its POSIX time,
 * or null when the line is another key's, malformed, or does not verify.
 */
export function verifyCosignature(body: string, line: string, key: WitnessKey): number | null {
  if (!line.startsWith(SIG_PREFIX)) return null;
  const [name, b64, ...rest] = line.slice(SIG_PREFIX.length).split(" ");
  if (rest.length > 0 || name !== key.name || !b64) return null;
  const blob = Buffer.from(b64, "base64");
  // key ID (4) || timestamp (u64, big-endian) || Ed25519 signature (64)
  if (blob.length !== 76 || !blob.subarray(0, 4).equals(key.keyId)) return null;
  const time = blob.readBigUInt64BE(4);
  if (time > MAX_TIMESTAMP) return null;
  const ok = verify(null, Buffer.from(cosignedMessage(body, time), "utf8"), ed25519PublicKeyObject(key.publicKey), blob.subarray(12));
  return ok ? Number(time) : null;
}

/** A note's body and signature lines (the log's signature and any cosignatures); null when it is not a signed note. */
export function splitNote(note: string): { body: string; lines: string[] } | null {
  const split = note.lastIndexOf("\n\n");
  if (split < 0 || !note.endsWith("\n")) return null;
  return { body: note.slice(0, split + 1), lines: note.slice(split + 2, -1).split("\n") };
}

/** Which of `witnesses` have a valid cosignature in `note` (each counted once), by verifier key. */
export function cosigners(note: string, witnesses: readonly WitnessKey[]): Set<string> {
  const parts = splitNote(note);
  const found = new Set<string>();
  if (!parts) return found;
  for (const w of witnesses) {
    if (parts.lines.some((line) => verifyCosignature(parts.body, line, w) !== null)) found.add(w.verifierKey);
  }
  return found;
}

/** A cosignature/v1 signature line by `key` (its private half `privateKey`) over the checkpoint `body` at POSIX `time`. */
export function cosignatureLine(key: WitnessKey, privateKey: KeyObject, body: string, time: number): string {
  const stamp = Buffer.alloc(8);
  stamp.writeBigUInt64BE(BigInt(time));
  const sig = sign(null, Buffer.from(cosignedMessage(body, time), "utf8"), privateKey);
  return `${SIG_PREFIX}${key.name} ${Buffer.concat([key.keyId, stamp, sig]).toString("base64")}`;
}
