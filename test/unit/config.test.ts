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
