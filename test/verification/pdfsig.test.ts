import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestPki, type TestPki } from "../helpers/testPki.js";
import { makePdf, signPdf } from "../helpers/testSigner.js";
import { verify } from "./fixtures.js";

const hasPdfsig = spawnSync("pdfsig", ["-v"]).error === undefined;
if (!hasPdfsig && process.env.MOHAR_REQUIRE_INTEROP === "1") throw new Error("pdfsig is required (MOHAR_REQUIRE_INTEROP=1) but not installed");

let pki: TestPki;
let dir: string;

beforeAll(() => {
  pki = makeTestPki();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "mohar-pdfsig-"));
});
afterAll(() => {
  pki.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** pdfsig's per-signature "Signature Validation" verdicts (it exits non-zero on an invalid one). */
function pdfsigVerdicts(pdf: Buffer): boolean[] {
  const file = path.join(dir, "doc.pdf");
  fs.writeFileSync(file, pdf);
  const out = spawnSync("pdfsig", [file], { encoding: "utf8" }).stdout;
  return [...out.matchAll(/Signature Validation: (.*)/g)].map((m) => m[1]?.trim() === "Signature is Valid.");
}

describe.skipIf(!hasPdfsig)("agreement with pdfsig", () => {
  it("agrees on a document signed twice", async () => {
    const pdf = await signPdf(await signPdf(await makePdf(), pki, { fieldName: "A" }), pki, { fieldName: "B" });
    expect(pdfsigVerdicts(pdf)).toEqual([true, true]);
    expect(verify(pdf, pki).signatures.map((s) => s.integrity.digestOk && s.integrity.signatureOk)).toEqual([true, true]);
  });

  it("agrees that a byte changed inside the signed range breaks the signature", async () => {
    const pdf = await signPdf(await makePdf(), pki, { fieldName: "A" });
    const text = pdf.toString("latin1");
    const tampered = Buffer.from(text.replace("/Reason (approved)", "/Reason (rejected)"), "latin1");
    expect(pdfsigVerdicts(tampered)).toEqual([false]);
    const s = verify(tampered, pki).signatures[0];
    expect(s).toMatchObject({ status: "TOTAL_FAILED", subIndication: "HASH_FAILURE" });
  });
});
