import { X509Certificate } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PDFDocument, PDFName } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { embedSignature, preparePdfSignature, readDss, readPdfStructure, type DssData } from "../../src/pdf/index.js";
import { readSignerCertificate, RevocationSource, toPem } from "../../src/pki/index.js";
import { makePdf } from "../helpers/samplePdfs.js";
import { makeTestPki, type TestPki } from "../helpers/testPki.js";

const DEV = path.resolve("certs-dev");
const certDer = (f: string): Buffer => Buffer.from(new X509Certificate(fs.readFileSync(path.join(DEV, f))).raw);
const interCrl = fs.readFileSync(path.join(DEV, "crl", "intermediate.crl"));
const rootCrl = fs.readFileSync(path.join(DEV, "crl", "root.crl"));
const officer = certDer("officers/anita-sharma.pem");
const revokedOfficer = certDer("officers/revoked-officer.pem");
const intermediate = certDer("intermediate.pem");
const root = certDer("root.pem");
const now = new Date();

let pki: TestPki;
let dir: string;
beforeAll(() => {
  pki = makeTestPki();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "mohar-crldir-"));
});
afterAll(() => {
  pki.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("RevocationSource", () => {
  it("gives each certificate of a chain the CRLs of its issuer, and the chain itself", () => {
    // A CRL by an unrelated CA, and the intermediate's CRL with a broken signature, never count.
    const forged = Buffer.from(interCrl);
    forged[forged.length - 5]! ^= 0xff;
    const source = new RevocationSource([pki.crlDer, forged, interCrl, rootCrl]);
    expect(source.revocationDataFor([officer, intermediate, root], now)).toEqual({ certs: [officer, intermediate, root], crls: [interCrl, rootCrl], ocsps: [] });
    // Without the root in the chain the intermediate's issuer is unknown: only the intermediate's CRL.
    expect(source.revocationDataFor([officer, intermediate], now).crls).toEqual([interCrl]);
    expect(new RevocationSource([pki.crlDer, forged]).revocationDataFor([officer, intermediate, root], now).crls).toEqual([]);
  });

  it("refuses a revoked signer with cert.revoked and lets a good one pass", () => {
    const source = new RevocationSource([interCrl, rootCrl]);
    expect(() => source.assertNotRevoked([officer, intermediate, root], now)).not.toThrow();
    expect(() => source.assertNotRevoked([revokedOfficer, intermediate], now)).toThrow(
      expect.objectContaining({ kind: "unprocessable", code: "cert.revoked", message: expect.stringMatching(/VIKRAM RAO, .*was revoked on/) }),
    );
    // No CRL that speaks for the chain: nothing to refuse on.
    expect(() => RevocationSource.empty().assertNotRevoked([revokedOfficer, intermediate], now)).not.toThrow();
  });

  it("checks the CRLs' validity window on every call, and a remembered signature check changes no outcome", () => {
    const forged = Buffer.from(interCrl);
    forged[forged.length - 5]! ^= 0xff;
    const source = new RevocationSource([forged, interCrl, rootCrl]);
    const forgedOnly = new RevocationSource([forged]);
    const later = new Date("2033-01-01T00:00:00Z"); // after both dev CRLs' nextUpdate (2032-11-21)
    const revokedChain = source.readChain([readSignerCertificate(revokedOfficer), intermediate, root]);
    for (let round = 0; round < 2; round++) {
      expect(() => source.assertNotRevoked(revokedChain, now)).toThrow(expect.objectContaining({ code: "cert.revoked" }));
      expect(() => source.assertNotRevoked([revokedOfficer, intermediate, root], now)).toThrow(expect.objectContaining({ code: "cert.revoked" }));
      expect(() => source.assertNotRevoked(revokedChain, later)).not.toThrow();
      expect(source.revocationDataFor([officer, intermediate, root], later).crls).toEqual([]);
      expect(source.revocationDataFor([officer, intermediate, root], now).crls).toEqual([interCrl, rootCrl]);
      // Only the forged CRL: its signature stays bad however often it is asked about.
      expect(forgedOnly.revocationDataFor([officer, intermediate, root], now).crls).toEqual([]);
    }
  });

  it("loads DER and PEM CRL files from a directory and rejects a file that is no CRL", () => {
    const d = fs.mkdtempSync(path.join(dir, "ok-"));
    fs.writeFileSync(path.join(d, "a.crl"), interCrl);
    fs.writeFileSync(path.join(d, "b.pem"), toPem(rootCrl, "X509 CRL"));
    fs.writeFileSync(path.join(d, "README.md"), "not a CRL, and not read");
    expect(RevocationSource.fromDir(d).crls).toEqual([interCrl, rootCrl]);
    expect(RevocationSource.fromDirIfPresent(path.join(dir, "missing")).crls).toEqual([]);
    expect(RevocationSource.fromDirIfPresent(null).crls).toEqual([]);
    const bad = fs.mkdtempSync(path.join(dir, "bad-"));
    fs.writeFileSync(path.join(bad, "x.crl"), "garbage");
    expect(() => RevocationSource.fromDir(bad)).toThrow(/x\.crl does not hold a readable CRL/);
  });
});

const lastDss = (pdf: Buffer): DssData => {
  const revs = readPdfStructure(pdf).revisions;
  return readDss(revs[revs.length - 1]!);
};

describe("preparePdfSignature with dss", () => {
  it("writes a /DSS with the data in the signature's own update", async () => {
    const pdf = await makePdf();
    const p = await preparePdfSignature(pdf, { signingTime: now, dss: { certs: [officer, intermediate], crls: [interCrl], ocsps: [] } });
    const signed = embedSignature(p, Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01]));
    expect(readPdfStructure(signed).revisions).toHaveLength(2);
    expect(lastDss(signed)).toEqual({ certs: [officer, intermediate], crls: [interCrl], ocsps: [] });
    expect(p.byteRange[2] + p.byteRange[3]).toBe(signed.length);
  });

  it("extends an existing /DSS (inline, from other software) without dropping or repeating entries", async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    const foreign = doc.context.register(doc.context.flateStream(root));
    const ocsp = doc.context.register(doc.context.stream(Buffer.from("an OCSP response from elsewhere")));
    doc.catalog.set(PDFName.of("DSS"), doc.context.obj({ Certs: [foreign], OCSPs: [ocsp], VRI: {} }));
    const base = Buffer.from(await doc.save());
    const p = await preparePdfSignature(base, { signingTime: now, dss: { certs: [root, officer], crls: [interCrl, interCrl], ocsps: [] } });
    const dss = lastDss(p.bytes);
    expect(dss.certs).toEqual([root, officer]);
    expect(dss.crls).toEqual([interCrl]);
    expect(dss.ocsps).toEqual([Buffer.from("an OCSP response from elsewhere")]);
    const reparsed = await PDFDocument.load(p.bytes, { updateMetadata: false });
    expect(reparsed.catalog.lookup(PDFName.of("DSS"))?.toString()).toContain("/VRI");
  });

  it("deflates large /DSS entries (real CRLs) and keeps small ones as they are; both read back exactly", async () => {
    const bigCrl = Buffer.concat([interCrl, Buffer.alloc(20_000, 0x41)]); // stands in for a long CRL: only its bytes matter here
    const base = await makePdf();
    const p = await preparePdfSignature(base, { signingTime: now, dss: { certs: [officer], crls: [bigCrl], ocsps: [] } });
    const update = p.bytes.subarray(base.length).toString("latin1");
    expect(update.match(/\/Filter\s*\/FlateDecode/g) ?? []).toHaveLength(1);
    expect(update).not.toContain("A".repeat(1000));
    expect(p.bytes.subarray(base.length).includes(officer)).toBe(true);
    expect(lastDss(p.bytes)).toEqual({ certs: [officer], crls: [bigCrl], ocsps: [] });
  });

  it("leaves the document's /DSS alone when it holds everything already", async () => {
    const first = await preparePdfSignature(await makePdf(), { signingTime: now, dss: { certs: [officer], crls: [interCrl], ocsps: [] } });
    const once = embedSignature(first, Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01]));
    const second = await preparePdfSignature(once, { signingTime: now, dss: { certs: [officer], crls: [interCrl], ocsps: [] } });
    const update = second.bytes.subarray(once.length).toString("latin1");
    expect(update).not.toContain("/DSS");
    expect(lastDss(second.bytes)).toEqual({ certs: [officer], crls: [interCrl], ocsps: [] });
  });
});
