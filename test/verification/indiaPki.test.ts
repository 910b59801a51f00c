import { execFileSync } from "node:child_process";
import { createPrivateKey, X509Certificate } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signingKeyFromKeyObject } from "../../src/pki/index.js";
import { signDocument } from "../../src/signing/index.js";
import { formatReport, loadTrustAnchors, verifyPdf } from "../../src/verification/index.js";
import { devKey, devOfficer } from "../helpers/devSigning.js";
import { makePdf } from "../helpers/samplePdfs.js";

// A root named as the Root Certifying Authority of India names its roots, a licensed CA under it,
// and DSCs with and without an India PKI assurance policy. The name is the only thing borrowed:
// these are throwaway keys made by openssl for this test.
let dir: string;
const der = (file: string) => Buffer.from(new X509Certificate(fs.readFileSync(path.join(dir, file))).raw);
const openssl = (args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: ["pipe", "pipe", "pipe"] });

function issue(name: string, subject: string, ext: string, ca: string | null, serial: string): void {
  fs.writeFileSync(path.join(dir, `${name}.ext`), ext);
  openssl(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", subject, "-config", "req.cnf"]);
  const signer = ca ? ["-CA", `${ca}.pem`, "-CAkey", `${ca}.key`] : ["-key", `${name}.key`];
  openssl(["x509", "-req", "-in", `${name}.csr`, ...signer, "-set_serial", serial, "-days", "3650", "-out", `${name}.pem`, "-extfile", `${name}.ext`]);
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "mohar-indiapki-"));
  fs.writeFileSync(path.join(dir, "req.cnf"), "[req]\ndistinguished_name = dn\n[dn]\n");
  const caExt = "basicConstraints = critical,CA:true\nkeyUsage = critical,keyCertSign,cRLSign\nsubjectKeyIdentifier = hash\n";
  const leafExt = (policy: string | null) =>
    `basicConstraints = CA:false\nkeyUsage = critical,digitalSignature,nonRepudiation\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n${policy ? `certificatePolicies = ${policy}\n` : ""}`;
  issue("rcai", "/C=IN/O=India PKI/CN=CCA India 2022", caExt, null, "1");
  issue("licensedca", "/C=IN/O=Example Licensed CA/CN=Example Sub-CA for Class 2 2022", `${caExt}authorityKeyIdentifier = keyid\n`, "rcai", "2");
  issue("class2", "/C=IN/O=Revenue Department/CN=CLASS TWO OFFICER", leafExt("2.16.356.100.2.2"), "licensedca", "3");
  issue("nopolicy", "/C=IN/O=Revenue Department/CN=NO POLICY OFFICER", leafExt(null), "licensedca", "4");
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function signAs(name: string): Promise<Buffer> {
  const key = signingKeyFromKeyObject({ officerId: name, privateKey: createPrivateKey(fs.readFileSync(path.join(dir, `${name}.key`))), certificate: der(`${name}.pem`), chain: [der("licensedca.pem"), der("rcai.pem")] });
  return (await signDocument({ pdf: await makePdf(), key, officer: { officerId: name, name } })).pdf;
}

describe("the India PKI profile in verification reports", () => {
  it("names the assurance class and says the path is rooted in CCA India", async () => {
    const report = verifyPdf(await signAs("class2"), { trustAnchors: [new X509Certificate(fs.readFileSync(path.join(dir, "rcai.pem")))] });
    const india = report.signatures[0]?.certificate.indiaPki;
    expect(india).toEqual({
      assuranceClass: "Class 2",
      ccaPolicies: ["2.16.356.100.2.2"],
      ccaRooted: true,
      root: expect.stringContaining("CN=CCA India 2022"),
      note: "an India PKI Class 2 certificate; rooted in CCA India (the Root Certifying Authority of India)",
    });
    expect(formatReport(report)).toContain("India PKI:     an India PKI Class 2 certificate; rooted in CCA India");
  });

  it("says when a certificate carries no assurance policy", async () => {
    const report = verifyPdf(await signAs("nopolicy"), { trustAnchors: [new X509Certificate(fs.readFileSync(path.join(dir, "rcai.pem")))] });
    expect(report.signatures[0]?.certificate.indiaPki).toMatchObject({ assuranceClass: null, ccaPolicies: [], ccaRooted: true });
    expect(report.signatures[0]?.certificate.indiaPki?.note).toMatch(/^not an India PKI Class 1-3 certificate/);
  });

  it("states that a Class 3 DSC trusted through another root (the development PKI) is not CCA-rooted", async () => {
    const officer = await devOfficer("anita-sharma");
    const pdf = (await signDocument({ pdf: await makePdf(), key: await devKey(officer), officer: officer.identity })).pdf;
    const report = verifyPdf(pdf, { trustAnchors: loadTrustAnchors(path.resolve("certs-dev/root.pem")) });
    const india = report.signatures[0]?.certificate.indiaPki;
    expect(india).toMatchObject({ assuranceClass: "Class 3", ccaRooted: false, root: expect.stringContaining("mohar Dev Root CA") });
    expect(india?.note).toContain("not rooted in CCA India: trusted through");
    // Informational: the verdict is the chain's, not the root's name.
    expect(report.signatures[0]?.certificate.trusted).toBe(true);
  });

  it("a CCA-named root that is not among the trust anchors proves nothing", async () => {
    const report = verifyPdf(await signAs("class2"), { trustAnchors: loadTrustAnchors(path.resolve("certs-dev/root.pem")) });
    expect(report.signatures[0]?.certificate.indiaPki).toMatchObject({ assuranceClass: "Class 2", ccaRooted: false, root: null });
    expect(report.signatures[0]?.certificate.indiaPki?.note).toContain("no trusted root was reached");
  });
});
