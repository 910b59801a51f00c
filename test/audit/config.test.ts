import path from "node:path";
import { describe, expect, it } from "vitest";
import { witnessKey } from "../../src/audit/cosignature.js";
import { ConfigError, loadConfig } from "../../src/config.js";

describe("audit configuration", () => {
  it("defaults the key into the data directory, verification on, a local origin", () => {
    const c = loadConfig({ DATA_DIR: "/srv/mohar" });
    expect(c.audit).toEqual({
      origin: "mohar.local/audit",
      keyFile: path.resolve("/srv/mohar/audit-key.pem"),
      verifyOnStart: true,
      verifyInBackground: false,
      witnessFile: path.resolve("/srv/mohar/audit-witness.txt"),
      cosigning: { witnesses: [], quorum: 0, retryMs: 1000, timeoutMs: 10_000 },
    });
  });

  it("takes the key file, origin and start check from the environment", () => {
    const c = loadConfig({ AUDIT_KEY_FILE: "/keys/log.pem", AUDIT_ORIGIN: "eoffice.example.gov.in/audit", AUDIT_VERIFY_ON_START: "false" });
    expect(c.audit).toEqual({ origin: "eoffice.example.gov.in/audit", keyFile: "/keys/log.pem", verifyOnStart: false, verifyInBackground: false, witnessFile: "/keys/audit-witness.txt", cosigning: expect.anything() });
    expect(loadConfig({ AUDIT_VERIFY_IN_BACKGROUND: "true" }).audit.verifyInBackground).toBe(true);
    expect(loadConfig({ AUDIT_WITNESS_FILE: "/var/lib/mohar/witness.txt" }).audit.witnessFile).toBe("/var/lib/mohar/witness.txt");
    expect(loadConfig({ AUDIT_WITNESS_FILE: "" }).audit.witnessFile).toBeNull();
  });

  it("rejects an origin that cannot be a signed-note key name, and a non-boolean start check", () => {
    expect(() => loadConfig({ AUDIT_ORIGIN: "two words" })).toThrow(ConfigError);
    expect(() => loadConfig({ AUDIT_ORIGIN: "a+b" })).toThrow(/AUDIT_ORIGIN/);
    expect(() => loadConfig({ AUDIT_VERIFY_ON_START: "yes" })).toThrow(/AUDIT_VERIFY_ON_START/);
  });

  it("reads witnesses (verifier key and URL), their quorum (default: all), and object lock for S3 with its retention", () => {
    const w1 = witnessKey("witness.a.example/w", Buffer.alloc(32, 1)).verifierKey;
    const w2 = witnessKey("witness.b.example/w", Buffer.alloc(32, 2)).verifierKey;
    const both = `${w1} https://a.example/witness,\n ${w2} http://127.0.0.1:9/w`;
    expect(loadConfig({ AUDIT_WITNESSES: both }).audit.cosigning).toEqual({
      witnesses: [
        { verifierKey: w1, url: "https://a.example/witness" },
        { verifierKey: w2, url: "http://127.0.0.1:9/w" },
      ],
      quorum: 2,
      retryMs: 1000,
      timeoutMs: 10_000,
    });
    expect(loadConfig({ AUDIT_WITNESSES: both, AUDIT_WITNESS_QUORUM: "1" }).audit.cosigning.quorum).toBe(1);
    expect(() => loadConfig({ AUDIT_WITNESSES: both, AUDIT_WITNESS_QUORUM: "3" })).toThrow(/AUDIT_WITNESS_QUORUM: must be a whole number from 0 to 2/);
    // A log key (type 0x01) or a key ID that does not match is not a witness key.
    expect(() => loadConfig({ AUDIT_WITNESSES: `${w1.replace(/\+[0-9a-f]{8}\+/, "+00000000+")} https://a.example` })).toThrow(/not a witness verifier key/);
    expect(() => loadConfig({ AUDIT_WITNESSES: w1 })).toThrow(/is not "<verifier key> <URL>"/);
    expect(() => loadConfig({ AUDIT_WITNESSES: `${w1} ftp://a.example` })).toThrow(/not an http\(s\) URL/);

    const s3 = { STORE: "s3", S3_ENDPOINT: "http://127.0.0.1:9000", S3_ACCESS_KEY: "k", S3_SECRET_KEY: "s" };
    const locked = loadConfig({ ...s3, AUDIT_OBJECT_LOCK_MODE: "COMPLIANCE", AUDIT_OBJECT_LOCK_DAYS: "3650" }).store;
    expect(locked.kind === "s3" && locked.objectLock).toEqual({ mode: "COMPLIANCE", days: 3650, prefix: "audit/" });
    expect(() => loadConfig({ ...s3, AUDIT_OBJECT_LOCK_MODE: "GOVERNANCE" })).toThrow(/AUDIT_OBJECT_LOCK_DAYS: required/);
    expect(() => loadConfig({ ...s3, AUDIT_OBJECT_LOCK_MODE: "compliance", AUDIT_OBJECT_LOCK_DAYS: "1" })).toThrow(/must be COMPLIANCE or GOVERNANCE/);
    expect(() => loadConfig({ AUDIT_OBJECT_LOCK_MODE: "GOVERNANCE", AUDIT_OBJECT_LOCK_DAYS: "30" })).toThrow(/needs STORE=s3/);
  });
});
