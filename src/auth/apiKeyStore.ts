import { timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { MoharError } from "../errors.js";
import type { Kysely, Selectable } from "kysely";
import type { Database } from "../db/index.js";
import type { Actor } from "./actor.js";
import { generateApiKey, hashSecret, parseApiKey } from "./apiKeyFormat.js";
import { ROLES, type Role } from "./roles.js";

export const recordSchema = z.object({
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
      ctx.addIssue({ code: "custom", path: ["officerId"], message: "an officer key must name the officer it signs for" });
    }
    if ((k.role === "clerk" || k.role === "auditor") && k.officerId) {
      ctx.addIssue({ code: "custom", path: ["officerId"], message: `a ${k.role} key cannot be bound to an officer` });
    }
  });

const INVALID = "the API key is unknown, revoked or wrong";

interface CachedVerdict {
  record: ApiKeyRecord;
  revoked: boolean;
  at: number;
}

/**
 * API keys in the database (`api_keys`), one row each; revocation sets `revoked_at`. Lookups are
 * cached per instance for `cacheTtlMs` so each request does not cost a database round trip; a
 * revocation therefore takes effect within that time on every instance.
 */
export class ApiKeyStore {
  private readonly cache = new Map<string, CachedVerdict>();

  constructor(
    private readonly db: Kysely<Database>,
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
    await insertApiKey(this.db, record, null);
    return { key, record };
  }

  async revoke(keyId: string): Promise<void> {
    if (!/^[0-9a-f]{16}$/.test(keyId) || !(await this.load(keyId))) throw new MoharError("auth.key_not_found", `no API key ${keyId}`);
    // The first revocation's time stands.
    await this.db.updateTable("api_keys").set({ revoked_at: new Date(this.now()) }).where("key_id", "=", keyId).where("revoked_at", "is", null).execute();
    this.cache.delete(keyId);
  }

  /** One key's record (no secret, nor its hash) with whether it is revoked; null when there is no such key. */
  async describe(keyId: string): Promise<PublicApiKey | null> {
    const row = /^[0-9a-f]{16}$/.test(keyId) ? await this.row(keyId) : null;
    if (!row) return null;
    return { ...publicRecord(toRecord(row)), revoked: row.revoked_at !== null };
  }

  /** Every key's record (no secrets), with whether it is revoked. */
  async list(): Promise<Array<ApiKeyRecord & { revoked: boolean }>> {
    const rows = await this.db.selectFrom("api_keys").selectAll().orderBy("created_at").orderBy("key_id").execute();
    return rows.map((row) => ({ ...toRecord(row), revoked: row.revoked_at !== null }));
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
    const row = await this.row(keyId);
    if (!row) return null;
    const verdict = { record: toRecord(row), revoked: row.revoked_at !== null, at: this.now() };
    // Bounded: only real keys are cached, and the map is dropped whole if it ever grows large.
    if (this.cache.size >= 10_000) this.cache.clear();
    this.cache.set(keyId, verdict);
    return verdict;
  }

  private async load(keyId: string): Promise<ApiKeyRecord | null> {
    const row = await this.row(keyId);
    return row ? toRecord(row) : null;
  }

  private async row(keyId: string): Promise<Selectable<ApiKeysTable> | null> {
    return (await this.db.selectFrom("api_keys").selectAll().where("key_id", "=", keyId).executeTakeFirst()) ?? null;
  }
}

type ApiKeysTable = Database["api_keys"];

function toRecord(row: Selectable<ApiKeysTable>): ApiKeyRecord {
  const parsed = recordSchema.safeParse({
    keyId: row.key_id,
    secretSha256: row.secret_sha256,
    role: row.role,
    name: row.name,
    ...(row.officer_id !== null ? { officerId: row.officer_id } : {}),
    createdAt: row.created_at.toISOString(),
  });
  if (!parsed.success) throw new Error(`API key record ${row.key_id} is corrupt`);
  return parsed.data;
}

/** Stores a key's record (and its revocation, if any); a record already there is left as it is (the import runs twice). */
export async function insertApiKey(db: Kysely<Database>, record: ApiKeyRecord, revokedAt: Date | null): Promise<boolean> {
  const parsed = recordSchema.parse(record);
  const inserted = await db
    .insertInto("api_keys")
    .values({
      key_id: parsed.keyId,
      secret_sha256: parsed.secretSha256,
      role: parsed.role,
      name: parsed.name,
      officer_id: parsed.officerId ?? null,
      created_at: new Date(parsed.createdAt),
      revoked_at: revokedAt,
    })
    .onConflict((oc) => oc.column("key_id").doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
}
