import { describe, expect, it } from "vitest";
import { rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ConfigError, loadConfig } from "../../src/config.js";

describe("loadConfig", () => {
  it("defaults to the embedded local-disk store", () => {
    const c = loadConfig({});
    expect(c.store).toEqual({ kind: "fs", dataDir: path.resolve("./data"), minFreeBytes: 64 * 1024 * 1024 });
    expect(c.port).toBe(8080);
    expect(c.maxUploadBytes).toBe(50 * 1024 * 1024);
  });

  it("uses PGlite under DATA_DIR/db unless DATABASE_URL names a PostgreSQL server", () => {
    expect(loadConfig({ DATA_DIR: "/srv/mohar" }).database).toEqual({ engine: "pglite", dataDir: "/srv/mohar/db" });
    expect(loadConfig({ DATABASE_URL: "postgres://mohar:pw@db:5432/mohar", DATABASE_POOL_SIZE: "4" }).database).toEqual({
      engine: "postgres",
      url: "postgres://mohar:pw@db:5432/mohar",
      poolSize: 4,
    });
    const secret = path.join(os.tmpdir(), `mohar-db-url-${process.pid}`);
    writeFileSync(secret, "postgres://mohar:s3cret@db/mohar\n");
    try {
      expect(loadConfig({ DATABASE_URL_FILE: secret }).database).toMatchObject({ engine: "postgres", url: "postgres://mohar:s3cret@db/mohar" });
    } finally {
      rmSync(secret);
    }
    expect(() => loadConfig({ DATABASE_URL: "mysql://db/mohar" })).toThrow(/DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(() => loadConfig({ HOLIDAYS_FILE: "/nonexistent/holidays.txt" })).toThrow(/HOLIDAYS_FILE: cannot read/);
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

  it("names the settings left at their development defaults, and none once production values are set", () => {
    expect(loadConfig({}).developmentDefaults.map((d) => d.split(" ")[0])).toEqual(["OFFICER_KEY_PASSWORD", "TRUST_DIR", "OFFICERS_SEED", "CRL_DIR", "DEV_TSA/TSA_URL", "DEV_ESP"]);
    const production = {
      OFFICER_KEY_PASSWORD: "s3cret",
      TRUST_DIR: "/etc/mohar/cca-india-roots",
      OFFICERS_SEED: "",
      CRL_DIR: "/var/lib/mohar/crl",
      DEV_TSA: "false",
      TSA_URL: "https://tsa.example.gov.in/tsa",
      DEV_ESP: "false",
    };
    expect(loadConfig(production).developmentDefaults).toEqual([]);
  });

  it("fetches revocation data only when REVOCATION_FETCH says so, within its limits", () => {
    expect(loadConfig({}).pki.revocationFetch).toBeNull();
    expect(loadConfig({ REVOCATION_FETCH: "loopback", REVOCATION_FETCH_TIMEOUT_MS: "800" }).pki.revocationFetch).toEqual({ timeoutMs: 800, maxBytes: 10485760, loopbackOnly: true });
    expect(loadConfig({ REVOCATION_FETCH: "on" }).pki.revocationFetch).toMatchObject({ loopbackOnly: false });
    expect(() => loadConfig({ REVOCATION_FETCH: "yes" })).toThrow(/REVOCATION_FETCH/);
    expect(() => loadConfig({ REVOCATION_FETCH_TIMEOUT_MS: "0" })).toThrow(/REVOCATION_FETCH_TIMEOUT_MS/);
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

describe("bad values, each named once with what is allowed", () => {
  const problemsOf = (env: Record<string, string>): string[] => {
    try {
      loadConfig(env);
    } catch (e) {
      if (e instanceof ConfigError) return e.problems;
      throw e;
    }
    throw new Error(`accepted ${JSON.stringify(env)}`);
  };
  const s3 = { STORE: "s3", S3_ENDPOINT: "http://127.0.0.1:9000", S3_ACCESS_KEY: "a", S3_SECRET_KEY: "b" };

  it("takes whole decimal numbers only, and PORT=0", () => {
    expect(loadConfig({ PORT: "0" }).port).toBe(0);
    expect(loadConfig({ PORT: "8443", PARSE_WORKERS: "4" })).toMatchObject({ port: 8443, parse: { workers: 4 } });
    for (const bad of ["", "0x50", "1e3", "80.5", " 80", "-1", "65536", "eighty"]) {
      expect(problemsOf({ PORT: bad })).toEqual([`PORT: must be a whole number from 0 to 65535, got ${JSON.stringify(bad)}`]);
    }
    expect(problemsOf({ MAX_PAGES: "0" })).toEqual(['MAX_PAGES: must be a whole number from 1 to 9007199254740991, got "0"']);
  });

  it("caps MAX_UPLOAD_BYTES at 2 GiB and timers at what setTimeout can wait", () => {
    expect(loadConfig({ MAX_UPLOAD_BYTES: String(2 ** 31) }).maxUploadBytes).toBe(2 ** 31);
    for (const bad of ["1e20", String(2 ** 31 + 1), "100000000000000000000"]) {
      expect(problemsOf({ MAX_UPLOAD_BYTES: bad })).toEqual([`MAX_UPLOAD_BYTES: must be a whole number of bytes from 1 to 2147483648 (2 GiB), got ${JSON.stringify(bad)}`]);
    }
    expect(loadConfig({ PARSE_TIMEOUT_MS: String(2 ** 31 - 1) }).parse.timeoutMs).toBe(2 ** 31 - 1);
    expect(problemsOf({ PARSE_TIMEOUT_MS: String(2 ** 31) })).toEqual(["PARSE_TIMEOUT_MS: must be a whole number from 1 to 2147483647, got \"2147483648\""]);
  });

  it("names the stores there are", () => {
    expect(problemsOf({ STORE: "S3" })).toEqual(['STORE: must be "fs" (local disk) or "s3", got "S3"']);
  });

  it("takes an S3 endpoint of scheme, host and port only, which is all the driver uses", () => {
    for (const ok of ["http://minio:9000", "https://s3.example.gov.in/", "http://[::1]:9000"]) {
      expect(loadConfig({ ...s3, S3_ENDPOINT: ok }).store.kind).toBe("s3");
    }
    for (const bad of ["ftp://minio:9000", "http://minio:9000/mohar", "http://minio:9000/?region=x", "http://user:pw@minio:9000", "minio:9000", ""]) {
      expect(problemsOf({ ...s3, S3_ENDPOINT: bad })).toEqual([
        `S3_ENDPOINT: must be an http(s) URL with only a host and port, such as http://minio:9000, got ${JSON.stringify(bad)}`,
      ]);
    }
  });

  it("refuses bucket names S3 refuses", () => {
    for (const ok of ["abc", "mohar-docs.2026", "a".repeat(63)]) expect(loadConfig({ ...s3, S3_BUCKET: ok }).store).toMatchObject({ bucket: ok });
    for (const bad of ["ab", "a".repeat(64), "Mohar", "mohar_docs", "-mohar", "mohar.", "mo..har", "192.168.1.10", "xn--mohar", "sthree-mohar", "mohar-s3alias", "mohar--ol-s3", ""]) {
      const problems = problemsOf({ ...s3, S3_BUCKET: bad });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(new RegExp(`^S3_BUCKET: must be an S3 bucket name: 3 to 63 lowercase .* got ${JSON.stringify(bad).replace(/[.]/g, "\\.")}$`));
    }
  });

  it("reports an empty S3 key once, as empty rather than missing", () => {
    expect(problemsOf({ ...s3, S3_ACCESS_KEY: "" })).toEqual(["S3_ACCESS_KEY: must not be empty"]);
    expect(problemsOf({ STORE: "s3", S3_ENDPOINT: "http://minio:9000", S3_SECRET_KEY: "b" })).toEqual(["S3_ACCESS_KEY: is required when STORE=s3"]);
  });
});
