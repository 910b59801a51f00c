import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { OfficerKeyStore, OfficerRegistry } from "../../src/officers/index.js";
import { FsObjectStore } from "../../src/store/index.js";

const certsDev = path.resolve("certs-dev");

describe("OfficerKeyStore", () => {
  let dir: string;
  let store: FsObjectStore;
  let password: string;
  let openings: number;
  let keys: OfficerKeyStore;

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-keystore-"));
    store = await FsObjectStore.open(dir);
    password = "mohar-dev";
    openings = 0;
    // Each opening of a PKCS#12 file asks for the password once.
    const config = { keyPassword: () => (openings++, password), keyDir: "certs-dev/officers", pkcs11: null };
    const registry = new OfficerRegistry(store, config);
    await registry.seedFrom(path.join(certsDev, "officers.json"));
    keys = new OfficerKeyStore(registry, config);
  });
  afterEach(async () => {
    await store.close();
    await fs.rm(dir, { recursive: true, force: true });
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
