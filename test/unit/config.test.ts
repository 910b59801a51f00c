import { describe, expect, it } from "vitest";
import path from "node:path";
import { ConfigError, loadConfig } from "../../src/config.js";

describe("loadConfig", () => {
  it("defaults to the embedded local-disk store", () => {
    const c = loadConfig({});
    expect(c.store).toEqual({ kind: "fs", dataDir: path.resolve("./data") });
    expect(c.port).toBe(8080);
    expect(c.maxUploadBytes).toBe(50 * 1024 * 1024);
  });

  it("names every bad value at once", () => {
    let err: unknown;
    try {
      loadConfig({ PORT: "99999", STORE: "s3", MAX_UPLOAD_BYTES: "-1" });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as ConfigError).message;
    for (const key of ["PORT", "MAX_UPLOAD_BYTES", "S3_ENDPOINT", "S3_ACCESS_KEY", "S3_SECRET_KEY"]) {
      expect(msg).toContain(key);
    }
  });

  it("builds an s3 config", () => {
    const c = loadConfig({ STORE: "s3", S3_ENDPOINT: "http://127.0.0.1:9000", S3_ACCESS_KEY: "a", S3_SECRET_KEY: "b" });
    expect(c.store.kind).toBe("s3");
  });
});

describe("secrets from files", () => {
  it("reads S3 credentials from *_FILE and refuses both or an unreadable file", async () => {
    const fs = await import("node:fs/promises");
    const os = await import("node:os");
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-cfg-"));
    try {
      await fs.writeFile(path.join(dir, "secret"), "s3cr3t\n");
      const base = { STORE: "s3", S3_ENDPOINT: "http://127.0.0.1:9000", S3_ACCESS_KEY: "a" };
      const c = loadConfig({ ...base, S3_SECRET_KEY_FILE: path.join(dir, "secret") });
      expect(c.store.kind === "s3" && c.store.secretKey).toBe("s3cr3t");
      expect(() => loadConfig({ ...base, S3_SECRET_KEY: "x", S3_SECRET_KEY_FILE: path.join(dir, "secret") })).toThrow(/not both/);
      expect(() => loadConfig({ ...base, S3_SECRET_KEY_FILE: path.join(dir, "missing") })).toThrow(/ENOENT/);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it("requires issuer and audience with JWT keys, and only asymmetric algorithms", () => {
    expect(() => loadConfig({ JWT_JWKS_FILE: "/x.json" })).toThrow(/JWT_ISSUER[\s\S]*JWT_AUDIENCE/);
    expect(() => loadConfig({ JWT_JWKS_FILE: "/x.json", JWT_ISSUER: "i", JWT_AUDIENCE: "a", JWT_ALGORITHMS: "HS256" })).toThrow(/asymmetric/);
    expect(loadConfig({ JWT_PUBLIC_KEY_FILE: "/k.pem", JWT_ISSUER: "i", JWT_AUDIENCE: "a" }).auth.jwt).toMatchObject({ keySource: { kind: "pem" }, algorithms: ["RS256", "PS256", "ES256", "EdDSA"] });
    expect(loadConfig({}).auth).toEqual({ rateLimitPerMinute: 600 });
  });
});
