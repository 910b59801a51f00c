import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestPki, type TestPki } from "../helpers/testPki.js";
import { addCrl, makePdf, signPdf } from "../helpers/testSigner.js";
import { verify } from "./fixtures.js";

// What mohar cannot check is undecided (INDETERMINATE, with the reason), never failed: ETSI EN
// 319 102-1 leaves unsupported algorithms and formats to the verifier's limits. What it can check
// and finds wrong stays TOTAL_FAILED.

let pki: TestPki;
beforeAll(() => {
  pki = makeTestPki();
});
afterAll(() => pki.cleanup());

function opensslCms(data: Buffer, cert: string, key: string): Buffer {
  const file = path.join(pki.dir, `alg-${process.pid}-${Math.random()}.bin`);
  fs.writeFileSync(file, data);
  try {
    return execFileSync("openssl", ["cms", "-sign", "-binary", "-in", file, "-signer", cert, "-inkey", key, "-outform", "DER", "-md", "sha256", "-nosmimecap", "-cades"]);
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** The CMS with its signer info rewritten by `edit`. */
function editSigner(der: Buffer, edit: (si: pkijs.SignerInfo) => void): Buffer {
  const ci = pkijs.ContentInfo.fromBER(der);
  const sd = new pkijs.SignedData({ schema: ci.content });
  edit(sd.signerInfos[0] as pkijs.SignerInfo);
  return addCrl(Buffer.from(new pkijs.ContentInfo({ contentType: ci.contentType, content: sd.toSchema(true) }).toSchema().toBER()), pki.crlDer);
}

/** A DER ECDSA signature as r || s (IEEE P1363), each `size` bytes. */
function plainEcdsa(derSig: Uint8Array, size: number): Uint8Array {
  const seq = asn1js.fromBER(derSig).result as asn1js.Sequence;
  const part = (i: number): Buffer => {
    const v = Buffer.from((seq.valueBlock.value[i] as asn1js.Integer).valueBlock.valueHexView);
    const trimmed = v.subarray(v.length > size ? v.length - size : 0);
    return Buffer.concat([Buffer.alloc(size - trimmed.length), trimmed]);
  };
  return Buffer.concat([part(0), part(1)]);
}

const setAlgorithm = (oid: string) => (si: pkijs.SignerInfo) => {
  si.signatureAlgorithm = new pkijs.AlgorithmIdentifier({ algorithmId: oid });
};

describe("signature algorithms", () => {
  it("verifies PLAIN-ECDSA (BSI ecdsa-plain-SHA256, r || s) signatures", async () => {
    const pdf = await signPdf(await makePdf(), pki, {
      fieldName: "Plain",
      cms: async (bytes) =>
        editSigner(opensslCms(bytes, pki.ecPem, pki.ecKey), (si) => {
          si.signatureAlgorithm = new pkijs.AlgorithmIdentifier({ algorithmId: "0.4.0.127.0.7.1.1.4.1.3" });
          si.signature = new asn1js.OctetString({ valueHex: plainEcdsa(si.signature.valueBlock.valueHexView, 32) });
        }),
    });
    const r = verify(pdf, pki).signatures[0];
    expect([r?.status, r?.statusReason]).toEqual(["TOTAL_PASSED", "the signature is valid and the document was not changed in disallowed ways after it"]);
  });

  it("is INDETERMINATE with the reason for a signature or digest algorithm it does not support", async () => {
    for (const [what, edit] of [
      ["signature algorithm 1.2.840.10040.4.3", setAlgorithm("1.2.840.10040.4.3")], // DSA with SHA-1
      [
        "digest algorithm 1.2.156.10197.1.401",
        (si: pkijs.SignerInfo) => {
          si.digestAlgorithm = new pkijs.AlgorithmIdentifier({ algorithmId: "1.2.156.10197.1.401" }); // SM3
        },
      ],
    ] as const) {
      const pdf = await signPdf(await makePdf(), pki, { fieldName: "Odd", cms: async (bytes) => editSigner(opensslCms(bytes, pki.signerPem, pki.signerKey), edit) });
      const r = verify(pdf, pki).signatures[0];
      expect([r?.status, r?.subIndication], what).toEqual(["INDETERMINATE", "CRYPTO_CONSTRAINTS_FAILURE"]);
      expect(r?.statusReason).toContain(`uses ${what}, which mohar cannot check`);
    }
  });

  it("is INDETERMINATE for a /SubFilter it does not support (PBAD.PAdES)", async () => {
    const r = verify(await signPdf(await makePdf(), pki, { fieldName: "Pbad", subFilter: "PBAD.PAdES" }), pki).signatures[0];
    expect([r?.status, r?.subIndication]).toEqual(["INDETERMINATE", "GENERIC"]);
    expect(r?.statusReason).toContain("/SubFilter PBAD.PAdES");
  });

  it("still fails a supported algorithm whose signature is wrong, and a digest that does not match", async () => {
    const badSig = await signPdf(await makePdf(), pki, {
      fieldName: "Bad",
      cms: async (bytes) =>
        editSigner(opensslCms(bytes, pki.signerPem, pki.signerKey), (si) => {
          const v = Buffer.from(si.signature.valueBlock.valueHexView);
          v[10] = (v[10] ?? 0) ^ 0xff;
          si.signature = new asn1js.OctetString({ valueHex: v });
        }),
    });
    expect(verify(badSig, pki).signatures[0]?.subIndication).toBe("SIG_CRYPTO_FAILURE");
    const wrongPlain = await signPdf(await makePdf(), pki, {
      fieldName: "WrongPlain",
      cms: async (bytes) =>
        editSigner(opensslCms(bytes, pki.ecPem, pki.ecKey), (si) => {
          si.signatureAlgorithm = new pkijs.AlgorithmIdentifier({ algorithmId: "0.4.0.127.0.7.1.1.4.1.3" });
          const p = Buffer.from(plainEcdsa(si.signature.valueBlock.valueHexView, 32));
          p[5] = (p[5] ?? 0) ^ 1;
          si.signature = new asn1js.OctetString({ valueHex: p });
        }),
    });
    expect(verify(wrongPlain, pki).signatures[0]?.status).toBe("TOTAL_FAILED");
  });
});
