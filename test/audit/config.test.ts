import path from "node:path";
import { describe, expect, it } from "vitest";
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
    });
  });

  it("takes the key file, origin and start check from the environment", () => {
    const c = loadConfig({ AUDIT_KEY_FILE: "/keys/log.pem", AUDIT_ORIGIN: "eoffice.example.gov.in/audit", AUDIT_VERIFY_ON_START: "false" });
    expect(c.audit).toEqual({ origin: "eoffice.example.gov.in/audit", keyFile: "/keys/log.pem", verifyOnStart: false, verifyInBackground: false, witnessFile: "/keys/audit-witness.txt" });
    expect(loadConfig({ AUDIT_VERIFY_IN_BACKGROUND: "true" }).audit.verifyInBackground).toBe(true);
    expect(loadConfig({ AUDIT_WITNESS_FILE: "/var/lib/mohar/witness.txt" }).audit.witnessFile).toBe("/var/lib/mohar/witness.txt");
    expect(loadConfig({ AUDIT_WITNESS_FILE: "" }).audit.witnessFile).toBeNull();
  });

  it("rejects an origin that cannot be a signed-note key name, and a non-boolean start check", () => {
    expect(() => loadConfig({ AUDIT_ORIGIN: "two words" })).toThrow(ConfigError);
    expect(() => loadConfig({ AUDIT_ORIGIN: "a+b" })).toThrow(/AUDIT_ORIGIN/);
    expect(() => loadConfig({ AUDIT_VERIFY_ON_START: "yes" })).toThrow(/AUDIT_VERIFY_ON_START/);
  });
});
