import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Kysely } from "kysely";
import { ApiKeyStore, assertMayActAsOfficer, parseApiKey, type Actor } from "../../src/auth/index.js";
import type { Database } from "../../src/db/index.js";
import { MoharError } from "../../src/errors.js";
import { openTestDatabase, type TestDatabase } from "../helpers/testDatabase.js";

describe("ApiKeyStore", () => {
  let t: TestDatabase;
  let store: Kysely<Database>;
  beforeAll(async () => {
    t = await openTestDatabase();
    store = t.db;
  });
  beforeEach(async () => {
    await store.deleteFrom("api_keys").execute();
  });
  afterAll(() => t.close());

  const codeOf = async (p: Promise<unknown>): Promise<string> => {
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(MoharError);
    return `${(err as MoharError).kind}:${(err as MoharError).code}`;
  };

  it("creates a key of the documented format and stores only the hash of its secret", async () => {
    const keys = new ApiKeyStore(store);
    const { key, record } = await keys.create({ role: "officer", name: "R. Verma", officerId: "off-7" });
    expect(key).toMatch(/^mohar_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    const parsed = parseApiKey(key);
    expect(parsed?.keyId).toBe(record.keyId);
    const stored = await store.selectFrom("api_keys").selectAll().where("key_id", "=", record.keyId).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(parsed?.secret);
    expect(stored).toMatchObject({ role: "officer", name: "R. Verma", officer_id: "off-7", revoked_at: null });
    expect(await keys.authenticate(key)).toEqual({ id: `apikey:${record.keyId}`, roles: ["officer"], officerId: "off-7", authMethod: "api-key" });
  });

  it("rejects a wrong secret, an unknown key id and a malformed key alike as unauthenticated", async () => {
    const keys = new ApiKeyStore(store);
    const { key } = await keys.create({ role: "clerk", name: "desk 4" });
    const wrongSecret = `${key.slice(0, -3)}${key.endsWith("AAA") ? "BBB" : "AAA"}`;
    expect(await codeOf(keys.authenticate(wrongSecret))).toBe("unauthenticated:auth.invalid_key");
    const unknownId = `mohar_0123456789abcdef_${key.slice(-43)}`;
    expect(await codeOf(keys.authenticate(unknownId))).toBe("unauthenticated:auth.invalid_key");
    expect(await codeOf(keys.authenticate("mohar_../../etc_x"))).toBe("unauthenticated:auth.malformed_key");
  });

  it("refuses a revoked key", async () => {
    const keys = new ApiKeyStore(store);
    const { key, record } = await keys.create({ role: "auditor", name: "CAG" });
    await keys.authenticate(key);
    await keys.revoke(record.keyId);
    expect(await codeOf(keys.authenticate(key))).toBe("unauthenticated:auth.invalid_key");
    // Another instance (another server) sees the revocation too.
    expect(await codeOf(new ApiKeyStore(store).authenticate(key))).toBe("unauthenticated:auth.invalid_key");
    expect((await keys.list()).map((k) => k.revoked)).toEqual([true]);
  });

  it("validates what a key is bound to", async () => {
    const keys = new ApiKeyStore(store);
    expect(await codeOf(keys.create({ role: "officer", name: "no officer" }))).toBe("bad_input:auth.bad_key_request");
    expect(await codeOf(keys.create({ role: "clerk", name: "x", officerId: "off-1" }))).toBe("bad_input:auth.bad_key_request");
    expect(await codeOf(keys.create({ role: "admin", name: "  " }))).toBe("bad_input:auth.bad_key_request");
    expect(await store.selectFrom("api_keys").selectAll().execute()).toEqual([]);
  });
});

describe("assertMayActAsOfficer", () => {
  const officerA: Actor = { id: "apikey:a", roles: ["officer"], officerId: "A", authMethod: "api-key" };
  it("lets an officer sign only as themselves", () => {
    expect(() => assertMayActAsOfficer(officerA, "A")).not.toThrow();
    expect(() => assertMayActAsOfficer(officerA, "B")).toThrow(/may not sign as officer B/);
  });
  it("refuses an admin without an officer binding, and roles that cannot sign", () => {
    expect(() => assertMayActAsOfficer({ id: "x", roles: ["admin"], authMethod: "jwt" }, "A")).toThrow(MoharError);
    expect(() => assertMayActAsOfficer({ id: "x", roles: ["clerk"], officerId: "A", authMethod: "jwt" }, "A")).toThrow(/officer role/);
  });
});
