import { X509Certificate } from "node:crypto";
import fs from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { assertUsableForSigning, describeCertificate } from "../../src/pki/index.js";

const der = async (file: string): Promise<Buffer> => new X509Certificate(await fs.readFile(`certs-dev/${file}`)).raw;
const now = new Date();

describe("describeCertificate", () => {
  it("reads subject attributes, serial, validity, policies and key usage of an officer certificate", async () => {
    const cert = await der("officers/anita-sharma.pem");
    const d = describeCertificate(cert);
    const x = new X509Certificate(cert);
    expect(d.subjectAttributes).toMatchObject({
      commonName: "ANITA SHARMA",
      organization: "Government of Example State",
      organizationalUnit: "Revenue Department",
      title: "Deputy Secretary",
      country: "IN",
      postalCode: "110001",
    });
    expect(d.subjectAttributes.pseudonym).toMatch(/^[0-9A-F]{32}$/);
    expect(d.subjectAttributes.serialNumber).toMatch(/^[0-9A-F]{64}$/);
    expect(d.subject.startsWith("CN=ANITA SHARMA, serialNumber=")).toBe(true);
    expect(d.issuerAttributes.commonName).toContain("Sub-CA");
    expect(d.serialHex).toBe(x.serialNumber.toLowerCase().replace(/^(00)+/, ""));
    expect(d.notAfter.getTime()).toBe(new Date(x.validTo).getTime());
    expect(d.policies).toEqual(["2.16.356.100.2.3"]);
    expect(d.keyUsage).toEqual(["digitalSignature", "nonRepudiation"]);
    expect(d.isCA).toBe(false);
    expect(describeCertificate(await der("root.pem")).isCA).toBe(true);
  });

  it("refuses bytes that are not a certificate with cert.invalid", () => {
    expect(() => describeCertificate(Buffer.from("hello"))).toThrow(expect.objectContaining({ code: "cert.invalid", kind: "bad_input" }));
  });
});

describe("assertUsableForSigning", () => {
  it("accepts the dev officers' certificates now", async () => {
    for (const id of ["anita-sharma", "rajesh-verma", "priya-nair"]) {
      const cert = await der(`officers/${id}.pem`);
      expect(() => assertUsableForSigning(cert, now)).not.toThrow();
    }
  });

  it("refuses expired, not-yet-valid, non-signing and TSA/CA certificates with clear codes", async () => {
    const expired = await der("officers/expired-officer.pem");
    expect(() => assertUsableForSigning(expired, now)).toThrow(expect.objectContaining({ code: "cert.expired", kind: "unprocessable", message: expect.stringMatching(/SURESH IYER.*expired on \d{4}-/) }));

    const anita = await der("officers/anita-sharma.pem");
    const before = new Date(describeCertificate(anita).notBefore.getTime() - 1000);
    expect(() => assertUsableForSigning(anita, before)).toThrow(expect.objectContaining({ code: "cert.not_yet_valid" }));

    const noUsage = await der("officers/no-signing-usage.pem");
    expect(() => assertUsableForSigning(noUsage, now)).toThrow(expect.objectContaining({ code: "cert.key_usage", message: expect.stringContaining("neither digitalSignature nor nonRepudiation") }));

    const tsa = await der("tsa.pem");
    expect(() => assertUsableForSigning(tsa, now)).toThrow(expect.objectContaining({ code: "cert.key_usage", message: expect.stringContaining("extended key usages") }));
    const ca = await der("intermediate.pem");
    expect(() => assertUsableForSigning(ca, now)).toThrow(expect.objectContaining({ code: "cert.key_usage", message: expect.stringContaining("CA certificate") }));
  });
});
