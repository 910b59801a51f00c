import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestPki, type TestPki } from "../helpers/testPki.js";
import { addSignatureTimestamp, appendUpdate, makePdf, signPdf } from "../helpers/testSigner.js";
import { editedDict, verify } from "./fixtures.js";

let pki: TestPki;
let base: Buffer;

beforeAll(async () => {
  pki = makeTestPki();
  base = await makePdf();
});
afterAll(() => pki.cleanup());

function rootNum(pdf: Buffer): number {
  return Number(/\/Root (\d+) 0 R/.exec(pdf.toString("latin1"))?.[1]);
}

describe("timestamps and validation data", () => {
  it("uses a verified signature timestamp as the signing time and reports the TSA", async () => {
    const s = verify(await signPdf(base, pki, { fieldName: "A", timestamp: true }), pki).signatures[0];
    expect(s?.status).toBe("TOTAL_PASSED");
    expect(s?.signingTime.source).toBe("timestamp");
    expect(s?.timestamp).toMatchObject({ ok: true, tsa: { subject: expect.stringContaining("CN=tsa") } });
    expect(s?.timestamp?.genTime).toBe(s?.signingTime.time);
  });

  it("flags a timestamp token whose imprint is over other data", async () => {
    const pdf = await signPdf(base, pki, { fieldName: "A", timestamp: true });
    // Splice a token over different bytes into a fresh signature of the same size class.
    const text = pdf.toString("latin1");
    const hex = /\/Contents <([0-9a-f]+)>/.exec(text)?.[1] ?? "";
    const cms = Buffer.from(hex.replace(/(00)+$/, ""), "hex");
    const forged = addSignatureTimestamp(cms, { ...pki, timestampToken: (d: Buffer) => pki.timestampToken(Buffer.concat([d, Buffer.from("x")])) });
    const patched = Buffer.from(text.replace(hex, forged.toString("hex").padEnd(hex.length, "0")), "latin1");
    const s = verify(patched, pki).signatures[0];
    expect(s?.timestamp?.ok).toBe(false);
    expect(s?.timestamp?.problems.join()).toContain("imprint does not match");
    expect(s?.signingTime.source).toBe("claimed");
    expect(s?.status).toBe("INDETERMINATE");
  });

  it("does not take the signing time from a TSA outside the trust anchors", async () => {
    const rogue = makeTestPki(1);
    try {
      const pdf = await signPdf(base, { ...pki, timestampToken: rogue.timestampToken }, { fieldName: "A", timestamp: true });
      const s = verify(pdf, pki).signatures[0];
      expect(s?.timestamp?.ok).toBe(false);
      expect(s?.signingTime.source).toBe("claimed");
      expect(s).toMatchObject({ status: "INDETERMINATE", subIndication: "TIMESTAMP_FAILURE" });
    } finally {
      rogue.cleanup();
    }
  });

  it("verifies an ETSI.RFC3161 document timestamp over its ByteRange", async () => {
    const pdf = await signPdf(await signPdf(base, pki, { fieldName: "A" }), pki, { fieldName: "Archive", documentTimestamp: true });
    const r = verify(pdf, pki);
    const ts = r.signatures[1];
    expect(ts).toMatchObject({ kind: "document_timestamp", subFilter: "ETSI.RFC3161", integrity: { digestOk: true, signatureOk: true } });
    expect(ts?.signer?.subject).toContain("CN=tsa");
    expect(r.signatures[0]?.changesAfter.every((c) => c.classification === "allowed")).toBe(true);
    const text = pdf.toString("latin1");
    const at = text.lastIndexOf("/Reason (approved)");
    const tampered = Buffer.from(`${text.slice(0, at)}/Reason (rejected)${text.slice(at + 18)}`, "latin1");
    expect(verify(tampered, pki).signatures[1]).toMatchObject({ status: "TOTAL_FAILED", subIndication: "HASH_FAILURE" });
  });

  it("checks the signer against an OCSP response in the /DSS", async () => {
    const signed = await signPdf(base, pki, { fieldName: "A", embedCrl: false });
    const root = rootNum(signed);
    const ocsp = pki.ocspGoodDer.toString("latin1");
    const withDss = await appendUpdate(
      signed,
      new Map([
        [root, editedDict(signed, root, { DSS: "<< /OCSPs [981 0 R] >>" })],
        [981, `<< /Length ${pki.ocspGoodDer.length} >>\nstream\n${ocsp}\nendstream`],
      ]),
    );
    expect(verify(withDss, pki).signatures[0]).toMatchObject({ status: "TOTAL_PASSED", revocation: { status: "good", source: "ocsp:dss" } });
  });

  it("reads revocation data from a /DSS added after signing, and allows that update", async () => {
    const signed = await signPdf(base, pki, { fieldName: "A", embedCrl: false });
    expect(verify(signed, pki).signatures[0]?.subIndication).toBe("TRY_LATER");
    const root = rootNum(signed);
    const crl = pki.crlDer.toString("latin1");
    const withDss = await appendUpdate(
      signed,
      new Map([
        [root, editedDict(signed, root, { DSS: "<< /CRLs [980 0 R] >>" })],
        [980, `<< /Length ${pki.crlDer.length} >>\nstream\n${crl}\nendstream`],
      ]),
    );
    const s = verify(withDss, pki).signatures[0];
    expect(s).toMatchObject({ status: "TOTAL_PASSED", revocation: { status: "good", source: "crl:dss" } });
    expect(s?.changesAfter).toEqual([{ revision: 3, classification: "allowed", category: "validation_data", description: "validation data (/DSS) added or updated" }]);
  });
});
