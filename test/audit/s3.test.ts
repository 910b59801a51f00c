import fs from "node:fs/promises";
import path from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditLog, loadOrCreateLogKey, type LogKey } from "../../src/audit/index.js";
import { encodeEntry, type AuditEntry } from "../../src/audit/entry.js";
import { loadConfig } from "../../src/config.js";
import { startServer } from "../../src/main.js";
import { S3ObjectStore } from "../../src/store/index.js";
import { s3ConfigFor, startS3rver, type TestS3 } from "../helpers/s3rver.js";
import { event, ORIGIN, rewriteEntry, tempDir } from "./fixtures.js";

describe("the audit log on the S3 driver (s3rver on loopback)", () => {
  let s3: TestS3;
  let dir: string;
  let key: LogKey;
  const env = (): Record<string, string> => s3.env("audit-log");

  beforeAll(async () => {
    s3 = await startS3rver();
    dir = await tempDir();
    key = await loadOrCreateLogKey(path.join(dir, "audit-key.pem"), ORIGIN);
  });
  afterAll(async () => {
    await s3.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("two instances append concurrently without sharing a number; tampering is caught by the whole-log check and at start", async () => {
    const [storeA, storeB] = await Promise.all([S3ObjectStore.open(s3ConfigFor(env())), S3ObjectStore.open(s3ConfigFor(env()))]);
    const a = await AuditLog.open({ store: storeA, key });
    const b = await AuditLog.open({ store: storeB, key });
    const entries = await Promise.all(Array.from({ length: 120 }, (_, i) => (i % 2 ? a : b).append(event(i, `doc-${i % 4}`))));
    expect(entries.map((e) => e.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 120 }, (_, i) => i));
    await Promise.all([a.close(), b.close()]);

    const reopened = await AuditLog.open({ store: storeA, key });
    expect(reopened.size).toBe(120);
    expect((await reopened.entriesForDocument("doc-1")).entries).toHaveLength(30);

    // Someone with write access to the bucket replaces entry 37.
    await rewriteEntry(storeA, 120, 37, (b) => {
      const e = JSON.parse(b.toString("utf8")) as AuditEntry;
      return encodeEntry({ ...e, outcome: e.outcome === "success" ? "failure" : "success" });
    });
    // In the newest, partial bundle: the start checks each of its entries and names it; opened
    // anyway, the whole-log check (`mohar audit verify --store`, the background check) names it.
    await expect(AuditLog.open({ store: storeA, key })).rejects.toThrow(/at entry 37: entry 37 was changed/);
    const started = await AuditLog.open({ store: storeA, key, verifyOnStart: false });
    expect(await started.checkWholeLog()).toMatchObject({ seq: 37, reason: expect.stringMatching(/entry 37 was changed/) });
    await started.close();
    // The last entry changed too: the start sees that, reads the whole log and names the first.
    await rewriteEntry(storeA, 120, 119, (b) => encodeEntry({ ...(JSON.parse(b.toString("utf8")) as AuditEntry), actor: "someone-else" }));
    await expect(AuditLog.open({ store: storeA, key })).rejects.toThrow(/at entry 37: entry 37 was changed/);
    const config = loadConfig({ ...env(), PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", AUDIT_KEY_FILE: path.join(dir, "audit-key.pem"), AUDIT_ORIGIN: ORIGIN, DEV_TSA: "false", OFFICERS_SEED: "" });
    await expect(startServer(config, pino({ level: "silent" }))).rejects.toThrow(/at entry 37/);
    await Promise.all([storeA.close(), storeB.close()]);
  });
});
