import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { certsDev, DEV_P12_PASSWORD, serveDevTsa } from "../helpers/devSigning.js";
import { haveTool, pdfsig, qpdfCheck, trustingNssDb } from "../helpers/interopTools.js";

const run = promisify(execFile);
const tools = (await haveTool("pdfsig")) && (await haveTool("qpdf")) && (await haveTool("certutil"));

async function mohar(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "src/cli.ts", ...args]);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe.skipIf(!tools)("mohar sign", () => {
  let dir: string;
  let tsa: Awaited<ReturnType<typeof serveDevTsa>>;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-cli-"));
    tsa = await serveDevTsa();
  });
  afterAll(async () => {
    await tsa?.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("certifies a letter with one P12, then countersigns it with a timestamp; both signatures valid", async () => {
    const first = path.join(dir, "letter-1.pdf");
    const second = path.join(dir, "letter-2.pdf");
    const p12 = (id: string): string => `certs-dev/officers/${id}.p12`;
    let r = await mohar(["sign", "samples/draft-letter-en-classic.pdf", "--p12", p12("anita-sharma"), "--password", DEV_P12_PASSWORD, "-o", first,
      "--reason", "Issued", "--location", "Sitapur", "--rect", "340,150,530,214", "--certify"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("field Signature1");
    r = await mohar(["sign", first, "--p12", p12("priya-nair"), "--password", DEV_P12_PASSWORD, "-o", second, "--reason", "Seen", "--tsa", tsa.url]);
    expect(r.code, r.stderr).toBe(0);
    expect(tsa.requests()).toBe(1);
    const signed = await fs.readFile(second);
    const nssDir = await trustingNssDb(await fs.readFile(path.join(certsDev, "root.pem"), "utf8"));
    try {
      expect((await pdfsig(signed, { nssDir })).map((s) => [s.signatureValid, s.certificateTrusted, s.coversWholeDocument])).toEqual([
        [true, true, false],
        [true, true, true],
      ]);
    } finally {
      await fs.rm(nssDir, { recursive: true, force: true });
    }
    expect(await qpdfCheck(signed)).toContain("No syntax or stream encoding errors found");
    // Each signature carries the dev CRLs in its update, so mohar's own verifier passes both.
    r = await mohar(["verify", second]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout.match(/Status: +TOTAL_PASSED/g)).toHaveLength(2);
    expect(r.stdout).toContain("good (crl:dss)");
  });

  it("refuses a revoked signer; without CRLs (--crl-dir '') a signature lacks revocation data, which the verifier's CRL directory then supplies", async () => {
    const out = path.join(dir, "revoked.pdf");
    let r = await mohar(["sign", "samples/draft-letter-en.pdf", "--p12", "certs-dev/officers/revoked-officer.p12", "--password", DEV_P12_PASSWORD, "-o", out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/signer's certificate CN=VIKRAM RAO.* was revoked on/);
    await expect(fs.access(out)).rejects.toThrow();
    const bare = path.join(dir, "bare.pdf");
    r = await mohar(["sign", "samples/draft-letter-en.pdf", "--p12", "certs-dev/officers/anita-sharma.p12", "--password", DEV_P12_PASSWORD, "-o", bare, "--crl-dir", ""]);
    expect(r.code, r.stderr).toBe(0);
    r = await mohar(["verify", bare, "--crl-dir", ""]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("TRY_LATER");
    // The configured CRL directory is an offline source at verification too, and the report says it answered.
    r = await mohar(["verify", bare]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/signer \w+: good, answer from the office's CRL directory/);
  });

  it("fails with a clear message and writes nothing for a wrong password or a bad rectangle", async () => {
    const out = path.join(dir, "never.pdf");
    let r = await mohar(["sign", "samples/draft-letter-en.pdf", "--p12", "certs-dev/officers/anita-sharma.p12", "--password", "wrong", "-o", out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("cannot be opened with the password provided");
    r = await mohar(["sign", "samples/draft-letter-en.pdf", "--p12", "certs-dev/officers/anita-sharma.p12", "--password", DEV_P12_PASSWORD, "-o", out, "--rect", "0,0,10"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("--rect must be 4 comma-separated numbers");
    await expect(fs.access(out)).rejects.toThrow();
  });
});
