import { webcrypto, X509Certificate } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import * as pkijs from "pkijs";
import * as asn1js from "asn1js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodePkcs12, encodePkcs12 } from "../../src/pki/index.js";
import { pkiEngine } from "../../src/pki/common/cryptoEngine.js";
import { openssl } from "../helpers/openssl.js";

const certsDev = path.resolve("certs-dev");

describe("PKCS#12 decoding", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-p12-"));
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("returns certificates byte for byte, even one whose RSA signature algorithm omits NULL parameters", async () => {
    // pkijs' own cert.sign() writes sha256WithRSAEncryption without parameters.
    const keys = (await webcrypto.subtle.generateKey(
      { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
      true,
      ["sign", "verify"],
    )) as webcrypto.CryptoKeyPair;
    const cert = new pkijs.Certificate();
    cert.version = 2;
    cert.serialNumber = new asn1js.Integer({ value: 7 });
    cert.subject.typesAndValues.push(new pkijs.AttributeTypeAndValue({ type: "2.5.4.3", value: new asn1js.Utf8String({ value: "no-null" }) }));
    cert.issuer = cert.subject;
    cert.notBefore.value = new Date(Date.now() - 60_000);
    cert.notAfter.value = new Date(Date.now() + 86_400_000);
    await cert.subjectPublicKeyInfo.importKey(keys.publicKey, pkiEngine);
    await cert.sign(keys.privateKey, "SHA-256", pkiEngine);
    const certDer = Buffer.from(cert.toSchema(true).toBER(false));
    expect(cert.signatureAlgorithm.algorithmParams).toBeUndefined();

    const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey));
    const decoded = decodePkcs12(encodePkcs12({ privateKeyPkcs8: pkcs8, certificates: [certDer], password: "pw" }), "pw", "test");
    expect(decoded.certificate.equals(certDer)).toBe(true);
  });

  it("opens a PKCS#12 written by openssl (encrypted certificate bag), chain ordered issuer first", async () => {
    const officer = path.join(certsDev, "officers/rajesh-verma.p12");
    const key = await openssl(["pkcs12", "-in", officer, "-passin", "pass:mohar-dev", "-nocerts", "-nodes", "-out", "k.pem"], dir);
    expect(key.code).toBe(0);
    const chain = (await fs.readFile(path.join(certsDev, "root.pem"), "utf8")) + (await fs.readFile(path.join(certsDev, "intermediate.pem"), "utf8"));
    await fs.writeFile(path.join(dir, "chain.pem"), chain);
    const made = await openssl(
      ["pkcs12", "-export", "-inkey", "k.pem", "-in", path.join(certsDev, "officers/rajesh-verma.pem"), "-certfile", "chain.pem", "-passout", "pass:other-pw", "-out", "o.p12"],
      dir,
    );
    expect(made.code).toBe(0);
    const file = await fs.readFile(path.join(dir, "o.p12"));
    const decoded = decodePkcs12(file, "other-pw", "openssl file");
    const pem = await fs.readFile(path.join(certsDev, "officers/rajesh-verma.pem"));
    expect(decoded.certificate.equals(new X509Certificate(pem).raw)).toBe(true);
    expect(decoded.chain.map((c) => new X509Certificate(c).subject.split("\n").at(-1))).toEqual([
      "CN=mohar Dev Sub-CA for Class 3 Individual 2026",
      "CN=mohar Dev Root CA 2026",
    ]);
    expect(() => decodePkcs12(file, "mohar-dev", "openssl file")).toThrow(
      expect.objectContaining({ code: "key.bad_password" }),
    );
  });
});
