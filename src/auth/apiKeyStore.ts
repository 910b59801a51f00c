import { timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { MoharError } from "../errors.js";
import { ObjectNotFoundError, type ObjectStore } from "../store/index.js";
import type { Actor } from "./actor.js";
import { generateApiKey, hashSecret, parseApiKey } from "./apiKeyFormat.js";
import { ROLES, type Role } from "./roles.js";

const PREFIX = "auth/apikeys/";
const REVOKED_PREFIX = "auth/apikeys-revoked/";

const recordSchema = z.object({
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  secretSha256: z.string().regex(/^[0-9a-f]{64}$/),
  role: z.enum(ROLES),
  name: z.string(),
  officerId: z.string().optional(),
  createdAt: z.string(),
});

/** What is stored for a key: never the key itself, only the hash of its secret. */
export type ApiKeyRecord = z.infer<typeof recordSchema>;

/** What an administrator may see of a key: everything but the hash of its secret. */
export type PublicApiKey = Omit<ApiKeyRecord, "secretSha256"> & { revoked: boolean };

export function publicRecord(r: ApiKeyRecord): Omit<ApiKeyRecord, "secretSha256"> {
  const { secretSha256: _hash, ...rest } = r;
  return rest;
}

export interface NewApiKey {
  role: Role;
  name: string;
  officerId?: string;
}

const newKeySchema = z
  .object({
    role: z.enum(ROLES),
    name: z.string().trim().min(1, "a key needs a name").max(200),
    officerId: z.string().trim().min(1).max(200).optional(),
  })
  .superRefine((k, ctx) => {
    if (k.role === "officer" && !k.officerId) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["officerId"], message: "an officer key must name the officer it signs for" });
    }
    if ((k.role === "clerk" || k.role === "auditor") && k.officerId) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["officerId"], message: `a ${k.role} key cannot be bound to an officer` });
    }
  });

const INVALID = "the API key is unknown, revoked or wrong";

interface CachedVerdict {
  record: ApiKeyRecord;
  revoked: boolean;
  at: number;
}

/**
 * API keys on the ObjectStore under `auth/apikeys/{keyId}.json` (create-only). Revocation
 * writes a marker under `auth/apikeys-revoked/`. Lookups are cached per instance for
 * `cacheTtlMs` so each request does not cost a store round trip; a revocation therefore
 * takes effect within that time on every instance.
 */
export class ApiKeyStore {
  private readonly cache = new Map<string, CachedVerdict>();

  constructor(
    private readonly store: ObjectStore,
    private readonly cacheTtlMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Creates a key and returns it; the full key exists only in this return value. */
  async create(input: NewApiKey): Promise<{ key: string; record: ApiKeyRecord }> {
    const parsed = newKeySchema.safeParse(input);
    if (!parsed.success) {
      throw new MoharError("auth.bad_key_request", parsed.error.issues.map((i) => `${i.path.join(".") || "key"}: ${i.message}`).join("; "));
    }
    const { keyId, secret, key } = generateApiKey();
    const record: ApiKeyRecord = {
      keyId,
      secretSha256: hashSecret(secret).toString("hex"),
      role: parsed.data.role,
      name: parsed.data.name,
      ...(parsed.data.officerId ? { officerId: parsed.data.officerId } : {}),
      createdAt: new Date(this.now()).toISOString(),
    };
    await this.store.putIfAbsent(`${PREFIX}${keyId}.json`, Buffer.from(JSON.stringify(record)));
    return { key, record };
  }

  async revoke(keyId: string): Promise<void> {
    if (!/^[0-9a-f]{16}$/.test(keyId) || !(await this.load(keyId))) throw new MoharError("auth.key_not_found", `no API key ${keyId}`);
    const marker = Buffer.from(JSON.stringify({ keyId, revokedAt: new Date(this.now()).toISOString() }));
    try {
      await this.store.putIfAbsent(`${REVOKED_PREFIX}${keyId}.json`, marker);
    } catch (err) {
      if (!(err instanceof MoharError && err.code === "store.exists")) throw err;
    }
    this.cache.delete(keyId);
  }

  /** One key's record (no secret, nor its hash) with whether it is revoked; null when there is no such key. */
  async describe(keyId: string): Promise<PublicApiKey | null> {
    const record = /^[0-9a-f]{16}$/.test(keyId) ? await this.load(keyId) : null;
    if (!record) return null;
    return { ...publicRecord(record), revoked: (await this.store.head(`${REVOKED_PREFIX}${keyId}.json`)) !== null };
  }

  /** Every key's record (no secrets), with whether it is revoked. */
  async list(): Promise<Array<ApiKeyRecord & { revoked: boolean }>> {
    const revoked = new Set((await this.store.list(REVOKED_PREFIX)).map((o) => o.key.slice(REVOKED_PREFIX.length, -".json".length)));
    const out: Array<ApiKeyRecord & { revoked: boolean }> = [];
    for (const o of await this.store.list(PREFIX)) {
      const record = await this.load(o.key.slice(PREFIX.length, -".json".length));
      if (record) out.push({ ...record, revoked: revoked.has(record.keyId) });
    }
    return out;
  }

  /** Resolves a presented key to its actor, or throws `unauthenticated`. */
  async authenticate(key: string): Promise<Actor> {
    const parsed = parseApiKey(key);
    if (!parsed) throw new MoharError("auth.malformed_key", "the API key is malformed");
    const verdict = await this.verdictFor(parsed.keyId);
    // Compare fixed-length digests in constant time so the response time says nothing about the secret.
    if (!verdict || !timingSafeEqual(hashSecret(parsed.secret), Buffer.from(verdict.record.secretSha256, "hex")) || verdict.revoked) {
      throw new MoharError("auth.invalid_key", INVALID);
    }
    const { record } = verdict;
    return {
      id: `apikey:${record.keyId}`,
      roles: [record.role],
      ...(record.officerId ? { officerId: record.officerId } : {}),
      authMethod: "api-key",
    };
  }

  private async verdictFor(keyId: string): Promise<CachedVerdict | null> {
    const hit = this.cache.get(keyId);
    if (hit && this.now() - hit.at < this.cacheTtlMs) return hit;
    const record = await this.load(keyId);
    if (!record) return null;
    const revoked = (await this.store.head(`${REVOKED_PREFIX}${keyId}.json`)) !== null;
    const verdict = { record, revoked, at: this.now() };
    // Bounded: only real keys are cached, and the map is dropped whole if it ever grows large.
    if (this.cache.size >= 10_000) this.cache.clear();
    this.cache.set(keyId, verdict);
    return verdict;
  }

  private async load(keyId: string): Promise<ApiKeyRecord | null> {
    let raw: Buffer;
    try {
      raw = await this.store.getBuffer(`${PREFIX}${keyId}.json`);
    } catch (err) {
      if (err instanceof ObjectNotFoundError) return null;
      throw err;
    }
    const parsed = recordSchema.safeParse(JSON.parse(raw.toString("utf8")));
    if (!parsed.success || parsed.data.keyId !== keyId) {
      throw new Error(`API key record ${keyId} is corrupt`);
    }
    return parsed.data;
  }
}
