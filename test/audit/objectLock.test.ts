import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditLog, loadOrCreateLogKey, type LogKey } from "../../src/audit/index.js";
import { S3ObjectStore } from "../../src/store/index.js";
import { startRecordingS3Proxy, type RecordingS3Proxy } from "../helpers/recordingS3Proxy.js";
import { s3ConfigFor, startS3rver, type TestS3 } from "../helpers/s3rver.js";
import { event, ORIGIN, tempDir } from "./fixtures.js";

/**
 * s3rver does not implement object lock: it neither keeps nor enforces retention, and has no
 * GetObjectLockConfiguration. These tests check what the driver sends (through a recording proxy
 * in front of s3rver) and that the objects still round-trip; that MinIO or S3 then refuses to
 * delete or replace a locked object is theirs to enforce, not tested here.
 */
describe("audit objects are written with S3 object lock (headers checked on the way to s3rver)", () => {
  let s3: TestS3;
  let proxy: RecordingS3Proxy;
  let dir: string;
  let key: LogKey;
  const now = new Date("2026-12-06T01:00:00.000Z");
  const lockedEnv = (bucket: string): Record<string, string> => ({
    ...s3.env(bucket),
    S3_ENDPOINT: proxy.base,
    AUDIT_OBJECT_LOCK_MODE: "COMPLIANCE",
    AUDIT_OBJECT_LOCK_DAYS: "3650",
  });

  beforeAll(async () => {
    s3 = await startS3rver();
    proxy = await startRecordingS3Proxy(s3.endpoint);
    dir = await tempDir();
    key = await loadOrCreateLogKey(path.join(dir, "audit-key.pem"), ORIGIN);
  });
  afterAll(async () => {
    await proxy.close();
    await s3.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("makes its bucket with object lock, locks every audit object until the retention date with Content-MD5, and reads the log back", async () => {
    const store = await S3ObjectStore.open(s3ConfigFor(lockedEnv("audit-locked")), { now: () => now });
    const makeBucket = proxy.requests.find((r) => r.method === "PUT" && r.url === "/audit-locked");
    expect(makeBucket?.headers["x-amz-bucket-object-lock-enabled"]).toBe("true");
    expect(proxy.requests.some((r) => r.method === "GET" && r.url === "/audit-locked?object-lock")).toBe(true);

    const log = await AuditLog.open({ store, key });
    await Promise.all(Array.from({ length: 12 }, (_, i) => log.append(event(i, `doc-${i % 2}`))));
    await log.close();
    await store.putIfAbsent("documents/d1/v/1.pdf", Buffer.from("%PDF-1.7 not an audit object"));

    const puts = proxy.requests.filter((r) => r.method === "PUT" && r.url.startsWith("/audit-locked/"));
    const auditPuts = puts.filter((r) => r.url.startsWith("/audit-locked/audit/"));
    // Entry bundles, intents, hash tiles and checkpoints (the by-document markers are written a
    // full bundle at a time, in the background: none for 12 entries).
    for (const part of ["tile/entries", "intents", "tile/0", "checkpoints"]) expect(auditPuts.some((r) => r.url.startsWith(`/audit-locked/audit/${part}/`))).toBe(true);
    for (const r of auditPuts) {
      expect(r.headers["x-amz-object-lock-mode"]).toBe("COMPLIANCE");
      expect(r.headers["x-amz-object-lock-retain-until-date"]).toBe("2036-12-03T01:00:00.000Z");
      expect(r.headers["content-md5"]).toBe(createHash("md5").update(r.body).digest("base64"));
      expect(r.headers["if-none-match"]).toBe("*");
      // Sent as S3's own headers, not as user metadata.
      expect(Object.keys(r.headers).some((h) => h.startsWith("x-amz-meta-"))).toBe(false);
    }
    const pdf = puts.find((r) => r.url === "/audit-locked/documents/d1/v/1.pdf");
    expect(pdf?.headers["x-amz-object-lock-mode"]).toBeUndefined();

    // The locked objects round-trip: the log opens from them and reads its entries.
    const reopened = await AuditLog.open({ store, key });
    expect(reopened.size).toBe(12);
    expect((await reopened.entries(0, 12)).map((e) => e.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    await reopened.close();
    await store.close();
  });

  it("refuses to start on a bucket without object lock, saying how to make one", async () => {
    proxy.objectLock = "missing";
    try {
      await expect(S3ObjectStore.open(s3ConfigFor(lockedEnv("audit-unlocked")))).rejects.toThrow(
        /bucket audit-unlocked does not have object lock enabled, but AUDIT_OBJECT_LOCK_MODE=COMPLIANCE asks for it.*mc mb --with-lock/,
      );
      // Without AUDIT_OBJECT_LOCK_MODE the same bucket is used as before, and nothing is locked.
      const plain = await S3ObjectStore.open(s3ConfigFor({ ...s3.env("audit-unlocked"), S3_ENDPOINT: proxy.base }));
      const before = proxy.requests.length;
      await plain.putIfAbsent("audit/entries/000000000000.json", Buffer.from("{}"));
      expect(proxy.requests.slice(before).some((r) => r.headers["x-amz-object-lock-mode"] !== undefined)).toBe(false);
      await plain.close();
    } finally {
      proxy.objectLock = "enabled";
    }
  });
});
