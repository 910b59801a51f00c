/**
 * clerk: uploads drafts and reads documents. officer: signs with their own certificate only.
 * auditor: verifies signatures and reads the audit log. admin: manages officers and keys.
 * metrics: reads /metrics and nothing else (a Prometheus scrape token).
 */
export const ROLES = ["clerk", "officer", "auditor", "admin", "metrics"] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}
