import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { OfficerKeyStore, OfficerRegistry } from "../../src/officers/index.js";
import { openTestDatabase, type TestDatabase } from "../helpers/testDatabase.js";

const certsDev = path.resolve("certs-dev");

describe("OfficerKeyStore", () => {
  let t: TestDatabase;
  let password: string;
  let openings: number;
  let keys: OfficerKeyStore;

  beforeAll(async () => {
    t = await openTestDatabase();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    password = "mohar-dev";
    openings = 0;
    // Each opening of a PKCS#12 file asks for the password once.
    const config = { keyPassword: () => (openings++, password), keyDir: "certs-dev/officers", pkcs11: null };
    const registry = new OfficerRegistry(t.db, config);
    await registry.seedFrom(path.join(certsDev, "officers.json"));
    keys = new OfficerKeyStore(registry, config);
  });

  it("opens a key once for concurrent requests and keeps it, with its certificate parsed", async () => {
    const loaded = await Promise.all(Array.from({ length: 6 }, () => keys.load("anita-sharma")));
    expect(openings).toBe(1);
    for (const k of loaded) expect(k).toBe(loaded[0]);
    expect(await keys.load("anita-sharma")).toBe(loaded[0]);
    expect(openings).toBe(1);
    expect(loaded[0]?.signer.description.subjectAttributes.commonName).toMatch(/anita sharma/i);
  });

  it("does not keep a key that failed to open", async () => {
    password = "wrong";
    const failed = await Promise.allSettled([keys.load("anita-sharma"), keys.load("anita-sharma")]);
    expect(failed.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect((failed[0] as PromiseRejectedResult).reason).toMatchObject({ code: "key.bad_password" });
    password = "mohar-dev";
    await expect(keys.load("anita-sharma")).resolves.toMatchObject({ officerId: "anita-sharma" });
  });
});
