import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";
import { loadVerifyConfig } from "../../src/verifyConfig.js";

describe("PKI configuration", () => {
  it("defaults to the dev PKI, the built-in dev TSA and the dev key password", () => {
    const { pki } = loadConfig({});
    expect(pki.devTsa?.certPath).toBe(path.resolve("certs-dev/tsa.pem"));
    expect(pki.tsaUrl).toBe("self");
    expect(pki.officersSeed).toBe(path.resolve("certs-dev/officers.json"));
    expect(pki.crlDir).toBe(path.resolve("certs-dev/crl"));
    expect(pki.officerKeyPassword()).toBe("mohar-dev");
    expect(pki.pkcs11).toBeNull();
  });

  it("never serializes the key password", () => {
    const c = loadConfig({ OFFICER_KEY_PASSWORD: "Top-Secret-1" });
    expect(c.pki.officerKeyPassword()).toBe("Top-Secret-1");
    expect(JSON.stringify(c)).not.toContain("Top-Secret-1");
  });

  it("turns timestamps and the dev TSA off, or points at another TSA", () => {
    expect(loadConfig({ TSA_URL: "" }).pki.tsaUrl).toBeNull();
    const off = loadConfig({ DEV_TSA: "false" }).pki;
    expect(off.devTsa).toBeNull();
    expect(off.tsaUrl).toBeNull();
    expect(loadConfig({ TSA_URL: "http://tsa.example.test/tsr" }).pki.tsaUrl).toBe("http://tsa.example.test/tsr");
    expect(() => loadConfig({ TSA_URL: "ftp://x" })).toThrow(ConfigError);
    expect(loadConfig({ OFFICERS_SEED: "" }).pki.officersSeed).toBeNull();
    expect(loadConfig({ CRL_DIR: "" }).pki.crlDir).toBeNull();
    expect(loadConfig({ CRL_DIR: "/etc/mohar/crl" }).pki.crlDir).toBe("/etc/mohar/crl");
  });

  it("reads the key password from a file, and refuses both sources at once", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-cfg-"));
    try {
      const file = path.join(dir, "pw");
      await fs.writeFile(file, "from-file\n");
      expect(loadConfig({ OFFICER_KEY_PASSWORD_FILE: file }).pki.officerKeyPassword()).toBe("from-file");
      expect(() => loadConfig({ OFFICER_KEY_PASSWORD_FILE: file, OFFICER_KEY_PASSWORD: "x" })).toThrow(/not both/);
      expect(() => loadConfig({ OFFICER_KEY_PASSWORD_FILE: path.join(dir, "missing") })).toThrow(/cannot read/);
      expect(() => loadConfig({ PKCS11_MODULE: "/x.so" })).toThrow(/PKCS11_PIN/);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it("`mohar verify` reads its settings as loadConfig does, without the whole schema (#16)", () => {
    const problems = (load: () => unknown): string[] => {
      try {
        load();
        return [];
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as ConfigError).problems;
      }
    };
    const dev = path.resolve("certs-dev");
    const envs: Record<string, string>[] = [
      {},
      { TRUST_DIR: "/x/roots", CRL_DIR: "", REVOCATION_FETCH: "loopback", REVOCATION_FETCH_TIMEOUT_MS: "700", REVOCATION_FETCH_MAX_BYTES: "4096" },
      { REVOCATION_FETCH: "on" },
      { TRUST_DIR: "", DEV_PKI_DIR: "", MOHAR_ENV: "prod", REVOCATION_FETCH: "sometimes", REVOCATION_FETCH_TIMEOUT_MS: "0x50", REVOCATION_FETCH_MAX_BYTES: "" },
      { REVOCATION_FETCH_TIMEOUT_MS: "0" },
      { REVOCATION_FETCH_MAX_BYTES: " 80 " },
      { MOHAR_ENV: "production", TRUST_DIR: `${dev}/root.pem`, CRL_DIR: `${dev}/crl`, DEV_PKI_DIR: dev },
    ];
    for (const env of envs) {
      const full = problems(() => loadConfig(env));
      const narrow = problems(() => loadVerifyConfig(env));
      const verifyKeys = /^(TRUST_DIR|DEV_PKI_DIR|MOHAR_ENV|CRL_DIR|REVOCATION_FETCH\w*)[:=]/;
      // In production loadConfig also refuses what verify does not read (the officers' password, the dev TSA).
      expect(narrow, JSON.stringify(env)).toEqual(full.filter((p) => verifyKeys.test(p)));
      if (full.length > 0) continue;
      const c = loadConfig(env);
      expect(loadVerifyConfig(env)).toEqual({ trustPath: c.trustPath, crlDir: c.pki.crlDir, revocationFetch: c.pki.revocationFetch, revocationFetchLimits: c.pki.revocationFetchLimits });
    }
    expect(problems(() => loadVerifyConfig(envs[6]))).toEqual([
      "MOHAR_ENV=production refuses development defaults:",
      `TRUST_DIR: ${dev}/root.pem is the development root; set the CCA India roots (and licensed CA chains)`,
      `CRL_DIR: ${dev}/crl holds the development CAs' CRLs; set your CAs' CRLs, or empty for none`,
    ]);
  });
});
