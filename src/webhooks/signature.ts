import { createHmac, randomBytes } from "node:crypto";

const PREFIX = "whsec_";

/** A new signing secret: 32 random bytes, base64, with the `whsec_` prefix (Standard Webhooks). */
export function newSecret(): string {
  return PREFIX + randomBytes(32).toString("base64");
}

/**
 * The `webhook-signature` header value for one attempt: "v1," + base64 HMAC-SHA256, keyed with
 * the secret's decoded bytes, over `{webhook-id}.{webhook-timestamp}.{body}`.
 */
export function signatureHeader(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestampSeconds}.${body}`).digest("base64")}`;
}
