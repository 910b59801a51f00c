import { createHash, randomBytes } from "node:crypto";

/**
 * `mohar_<keyId>_<secret>`: keyId is 16 hex characters (public, names the stored record),
 * secret is 32 random bytes in base64url (43 characters). The prefix makes leaked keys easy
 * to find with secret scanners.
 */
const KEY_PATTERN = /^mohar_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export const API_KEY_PREFIX = "mohar_";

export interface ParsedApiKey {
  keyId: string;
  secret: string;
}

export function generateApiKey(): ParsedApiKey & { key: string } {
  const keyId = randomBytes(8).toString("hex");
  const secret = randomBytes(32).toString("base64url");
  return { keyId, secret, key: `${API_KEY_PREFIX}${keyId}_${secret}` };
}

export function parseApiKey(key: string): ParsedApiKey | null {
  const m = KEY_PATTERN.exec(key);
  return m ? { keyId: m[1] as string, secret: m[2] as string } : null;
}

/**
 * SHA-256 rather than a slow password hash: the secret is 256 bits from the CSPRNG, so a
 * stolen hash cannot be brute-forced whatever the hash speed, and a fast hash keeps
 * per-request authentication cheap.
 */
export function hashSecret(secret: string): Buffer {
  return createHash("sha256").update(secret, "utf8").digest();
}
