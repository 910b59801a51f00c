import fs from "node:fs";
import os from "node:os";
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

describe("OfficerKeyStore, a key file replaced", () => {
  it("opens the key again when its file is replaced, even with the old mtime kept (cp -p, rsync -t)", async () => {
    const t = await openTestDatabase();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mohar-keys-"));
    try {
      fs.cpSync(certsDev, dir, { recursive: true });
      let openings = 0;
      const config = { keyPassword: () => (openings++, "mohar-dev"), keyDir: path.join(dir, "officers"), pkcs11: null };
      const registry = new OfficerRegistry(t.db, config);
      await registry.seedFrom(path.join(dir, "officers.json"));
      const file = path.join(dir, "officers", "anita-sharma.p12");
      const stamp = new Date("2026-01-01T00:00:00Z");
      fs.utimesSync(file, stamp, stamp);
      const keys = new OfficerKeyStore(registry, config);
      const first = await keys.load("anita-sharma");
      expect(await keys.load("anita-sharma")).toBe(first);
      expect(openings).toBe(1);
      fs.writeFileSync(`${file}.new`, fs.readFileSync(file));
      fs.renameSync(`${file}.new`, file);
      fs.utimesSync(file, stamp, stamp);
      expect(fs.statSync(file).mtimeMs).toBe(stamp.getTime());
      expect(await keys.load("anita-sharma")).not.toBe(first);
      expect(openings).toBe(2);
    } finally {
      await t.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
