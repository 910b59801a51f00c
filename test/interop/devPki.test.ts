import { execFile } from "node:child_process";
import { X509Certificate, createPublicKey } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import * as pkijs from "pkijs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodePkcs12 } from "../../src/pki/index.js";
import { generateDevPki, type OfficerSeed } from "../../src/pki/dev/index.js";
import { openssl } from "../helpers/openssl.js";

const run = promisify(execFile);

describe("dev PKI generator", () => {
  let dir: string;
  let officers: OfficerSeed[];
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-devpki-"));
    officers = (await generateDevPki(dir, { password: "test-pw" })).officers;
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("writes officers.json matching the files", async () => {
    const seeds = JSON.parse(await fs.readFile(path.join(dir, "officers.json"), "utf8")) as OfficerSeed[];
    expect(seeds).toEqual(officers);
    expect(seeds.map((s) => s.id)).toEqual(["anita-sharma", "rajesh-verma", "priya-nair", "expired-officer", "no-signing-usage", "revoked-officer", "future-officer"]);
    for (const s of seeds) {
      await fs.access(path.join(dir, s.p12Path));
      await fs.access(path.join(dir, s.certificatePath));
    }
  });

  it("issues officer certificates that openssl verifies against root + intermediate", async () => {
    for (const id of ["anita-sharma", "rajesh-verma", "priya-nair", "no-signing-usage"]) {
      const r = await openssl(["verify", "-CAfile", "root.pem", "-untrusted", "intermediate.pem", `officers/${id}.pem`], dir);
      expect(r.stdout + r.stderr).toContain(": OK");
      expect(r.code).toBe(0);
    }
    const expired = await openssl(["verify", "-CAfile", "root.pem", "-untrusted", "intermediate.pem", "officers/expired-officer.pem"], dir);
    expect(expired.code).not.toBe(0);
    expect(expired.stderr + expired.stdout).toContain("certificate has expired");
    const tsa = await openssl(["verify", "-CAfile", "root.pem", "-untrusted", "intermediate.pem", "-purpose", "timestampsign", "tsa.pem"], dir);
    expect(tsa.code).toBe(0);
  });

  it("writes CRLs that openssl verifies: the intermediate's lists revoked-officer (key compromise, in the past), the root's nothing", async () => {
    const chain = path.join(dir, "chain.pem");
    await fs.writeFile(chain, (await fs.readFile(path.join(dir, "intermediate.pem"), "utf8")) + (await fs.readFile(path.join(dir, "root.pem"), "utf8")));
    const inter = await openssl(["crl", "-inform", "DER", "-in", "crl/intermediate.crl", "-CAfile", chain, "-noout", "-text"], dir);
    expect(inter.stderr + inter.stdout).toContain("verify OK");
    expect(inter.stdout).toContain("Issuer: C = IN, ST = Example State, postalCode = 110001, O = Government of Example State, OU = mohar development PKI, CN = mohar Dev Sub-CA");
    const serial = await openssl(["x509", "-in", "officers/revoked-officer.pem", "-noout", "-serial"], dir);
    const revoked = /serial=([0-9A-F]+)/.exec(serial.stdout)?.[1];
    expect(inter.stdout).toContain(`Serial Number: ${revoked}`);
    expect(inter.stdout).toContain("Key Compromise");
    expect(inter.stdout.match(/Serial Number:/g)).toHaveLength(1);
    const when = /Revocation Date: (.+)/.exec(inter.stdout)?.[1] ?? "";
    expect(Date.parse(when)).toBeLessThan(Date.now());
    const root = await openssl(["crl", "-inform", "DER", "-in", "crl/root.crl", "-CAfile", "root.pem", "-noout", "-text"], dir);
    expect(root.stderr + root.stdout).toContain("verify OK");
    expect(root.stdout).toContain("No Revoked Certificates");
  });

  it("shapes officer certificates like Indian Class 3 DSCs", async () => {
    const rsa = await openssl(["x509", "-in", "officers/anita-sharma.pem", "-noout", "-text"], dir);
    expect(rsa.stdout).toMatch(/Subject: C = IN, ST = .*postalCode = .*O = Government of Example State, OU = Revenue Department, .*pseudonym = [0-9A-F]{32}, serialNumber = [0-9A-F]{64}, CN = ANITA SHARMA/);
    expect(rsa.stdout).toMatch(/Key Usage: critical\s+Digital Signature, Non Repudiation/);
    expect(rsa.stdout).toContain("Policy: 2.16.356.100.2.3");
    expect(rsa.stdout).toContain("Public-Key: (2048 bit)");
    const ec = await openssl(["x509", "-in", "officers/priya-nair.pem", "-noout", "-text"], dir);
    expect(ec.stdout).toContain("NIST CURVE: P-256");
    const weak = await openssl(["x509", "-in", "officers/no-signing-usage.pem", "-noout", "-ext", "keyUsage"], dir);
    expect(weak.stdout).not.toContain("Digital Signature");
    const tsa = await openssl(["x509", "-in", "tsa.pem", "-noout", "-ext", "extendedKeyUsage"], dir);
    expect(tsa.stdout).toMatch(/critical\s+Time Stamping/);
    const inter = await openssl(["x509", "-in", "intermediate.pem", "-noout", "-ext", "basicConstraints"], dir);
    expect(inter.stdout).toContain("CA:TRUE, pathlen:0");
  });

  it("writes PKCS#12 files that openssl and the decoder both open, key matching certificate", async () => {
    for (const id of ["anita-sharma", "priya-nair"]) {
      const p12 = await fs.readFile(path.join(dir, `officers/${id}.p12`));
      const info = await openssl(["pkcs12", "-in", `officers/${id}.p12`, "-passin", "pass:test-pw", "-nodes", "-info"], dir);
      expect(info.code).toBe(0);
      expect(info.stdout).toContain("BEGIN PRIVATE KEY");
      const contents = decodePkcs12(p12, "test-pw", id);
      const pem = await fs.readFile(path.join(dir, `officers/${id}.pem`), "utf8");
      expect(contents.certificate.equals(new X509Certificate(pem).raw)).toBe(true);
      expect(createPublicKey(contents.privateKey).export({ type: "spki", format: "der" })).toEqual(
        new X509Certificate(pem).publicKey.export({ type: "spki", format: "der" }),
      );
      expect(contents.chain.map((c) => new X509Certificate(c).subject)).toEqual([
        new X509Certificate(await fs.readFile(path.join(dir, "intermediate.pem"))).subject,
        new X509Certificate(await fs.readFile(path.join(dir, "root.pem"))).subject,
      ]);
    }
    const wrong = await openssl(["pkcs12", "-in", "officers/anita-sharma.p12", "-passin", "pass:nope", "-noout"], dir);
    expect(wrong.code).not.toBe(0);
  });
});

describe("mohar dev-certs", () => {
  it("writes a PKI into the given directory with the given password", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-devcerts-cli-"));
    try {
      const { stdout } = await run(path.resolve("node_modules/.bin/tsx"), ["src/cli.ts", "dev-certs", dir, "--password", "cli-pw"]);
      expect(stdout).toContain(`development PKI written to ${dir}`);
      const seeds = JSON.parse(await fs.readFile(path.join(dir, "officers.json"), "utf8")) as OfficerSeed[];
      expect(seeds).toHaveLength(7);
      const p12 = await fs.readFile(path.join(dir, seeds[2]?.p12Path ?? ""));
      expect(decodePkcs12(p12, "cli-pw", "cli").chain).toHaveLength(2);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe("committed certs-dev", () => {
  it("stays valid for at least five years from 2026-11-23", async () => {
    const seeds = JSON.parse(await fs.readFile("certs-dev/officers.json", "utf8")) as OfficerSeed[];
    const fiveYears = new Date("2031-11-23T00:00:00Z");
    for (const file of ["root.pem", "intermediate.pem", "tsa.pem", ...seeds.filter((s) => s.id !== "expired-officer").map((s) => s.certificatePath)]) {
      const cert = new X509Certificate(await fs.readFile(path.join("certs-dev", file)));
      expect(new Date(cert.validTo).getTime(), file).toBeGreaterThan(fiveYears.getTime());
    }
    // The CRLs too: a dev PKI's CRLs are issued once, so they must stay current as long.
    for (const file of ["intermediate.crl", "root.crl"]) {
      const crl = pkijs.CertificateRevocationList.fromBER(await fs.readFile(path.join("certs-dev", "crl", file)));
      expect(crl.nextUpdate?.value.getTime(), file).toBeGreaterThan(fiveYears.getTime());
    }
    const p12 = await fs.readFile(path.join("certs-dev", seeds[0]?.p12Path ?? ""));
    expect(decodePkcs12(p12, "mohar-dev", "seed").chain).toHaveLength(2);
  });
});
