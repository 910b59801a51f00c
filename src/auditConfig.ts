import { createHash } from "node:crypto";

/** A witness as configured: its cosignature/v1 verifier key (the name is its first field) and its submission URL. */
export interface WitnessConfig {
  verifierKey: string;
  url: string;
}

/** External witnesses for the audit log's checkpoints (AUDIT_WITNESSES, AUDIT_WITNESS_*). */
export interface AuditWitnessConfig {
  witnesses: WitnessConfig[];
  /** How many must cosign before a checkpoint counts as published; 0: ask them, require none. */
  quorum: number;
  /** First wait before asking a witness again after a failure (doubling, at most a minute). */
  retryMs: number;
  timeoutMs: number;
}

/** S3 object lock for the audit log's objects (AUDIT_OBJECT_LOCK_MODE, AUDIT_OBJECT_LOCK_DAYS). */
export interface ObjectLockConfig {
  mode: "COMPLIANCE" | "GOVERNANCE";
  days: number;
  /** Keys written with the lock: the audit log's. */
  prefix: string;
}

const MAX_DAYS = 36_500;

/** A cosignature/v1 (Ed25519, type 0x04) verifier key: `name+<hex key ID>+<base64(0x04 || key)>` with a matching key ID. */
function isWitnessKey(vkey: string): boolean {
  const m = /^([^\s+]+)\+([0-9a-f]{8})\+(\S+)$/.exec(vkey);
  if (!m) return false;
  const raw = Buffer.from(m[3]!, "base64");
  if (raw.length !== 33 || raw[0] !== 0x04 || raw.toString("base64") !== m[3]) return false;
  const id = createHash("sha256").update(`${m[1]}\n`).update(raw).digest().subarray(0, 4).toString("hex");
  return id === m[2];
}

function whole(raw: string | undefined, fallback: number, min: number, max: number, name: string, problems: string[]): number {
  if (raw === undefined || raw === "") return fallback;
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (n >= min && n <= max) return n;
  problems.push(`${name}: must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  return fallback;
}

/**
 * AUDIT_WITNESSES: one witness per line or comma-separated entry, `<verifier key> <URL>`, the URL
 * being its tlog-witness submission prefix (mohar posts to `<URL>/add-checkpoint`).
 * AUDIT_WITNESS_QUORUM defaults to every witness.
 */
export function auditWitnessConfig(env: Record<string, string | undefined>, problems: string[]): AuditWitnessConfig {
  const witnesses: WitnessConfig[] = [];
  for (const entry of (env.AUDIT_WITNESSES ?? "").split(/[,\n]/).map((s) => s.trim()).filter(Boolean)) {
    const [verifierKey, url, ...rest] = entry.split(/\s+/);
    if (!verifierKey || !url || rest.length > 0) {
      problems.push(`AUDIT_WITNESSES: ${JSON.stringify(entry)} is not "<verifier key> <URL>"`);
      continue;
    }
    if (!isWitnessKey(verifierKey)) problems.push(`AUDIT_WITNESSES: ${JSON.stringify(verifierKey)} is not a witness verifier key (name+keyid+base64 of 0x04 and an Ed25519 key, as C2SP tlog-cosignature)`);
    if (!/^https?:\/\/[^\s/]+/i.test(url) || !URL.canParse(url)) problems.push(`AUDIT_WITNESSES: ${JSON.stringify(url)} is not an http(s) URL`);
    if (witnesses.some((w) => w.verifierKey.split("+")[0] === verifierKey.split("+")[0])) problems.push(`AUDIT_WITNESSES: the witness ${verifierKey.split("+")[0]} is listed twice`);
    witnesses.push({ verifierKey, url });
  }
  const quorum = whole(env.AUDIT_WITNESS_QUORUM, witnesses.length, 0, witnesses.length, "AUDIT_WITNESS_QUORUM", problems);
  return {
    witnesses,
    quorum,
    retryMs: whole(env.AUDIT_WITNESS_RETRY_MS, 1000, 1, 60_000, "AUDIT_WITNESS_RETRY_MS", problems),
    timeoutMs: whole(env.AUDIT_WITNESS_TIMEOUT_MS, 10_000, 1, 600_000, "AUDIT_WITNESS_TIMEOUT_MS", problems),
  };
}

/** The object lock for audit objects; null when AUDIT_OBJECT_LOCK_MODE is unset or empty. It needs STORE=s3. */
export function objectLockConfig(env: Record<string, string | undefined>, storeKind: string | undefined, problems: string[]): ObjectLockConfig | null {
  const mode = env.AUDIT_OBJECT_LOCK_MODE ?? "";
  if (mode === "") {
    if (env.AUDIT_OBJECT_LOCK_DAYS) problems.push("AUDIT_OBJECT_LOCK_DAYS: set only with AUDIT_OBJECT_LOCK_MODE");
    return null;
  }
  if (mode !== "COMPLIANCE" && mode !== "GOVERNANCE") {
    problems.push(`AUDIT_OBJECT_LOCK_MODE: must be COMPLIANCE or GOVERNANCE (or empty for none), got ${JSON.stringify(mode)}`);
    return null;
  }
  if (storeKind !== "s3") problems.push("AUDIT_OBJECT_LOCK_MODE: object lock is an S3 feature; it needs STORE=s3");
  if (!env.AUDIT_OBJECT_LOCK_DAYS) {
    problems.push("AUDIT_OBJECT_LOCK_DAYS: required with AUDIT_OBJECT_LOCK_MODE (how many days each audit object is kept; COMPLIANCE cannot be shortened)");
    return null;
  }
  const days = whole(env.AUDIT_OBJECT_LOCK_DAYS, 0, 1, MAX_DAYS, "AUDIT_OBJECT_LOCK_DAYS", problems);
  return { mode, days, prefix: "audit/" };
}
