import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readPdfStructure } from "../../src/pdf/index.js";
import { verifyPdf } from "../../src/verification/index.js";
import { makeTestPki, type TestPki } from "../helpers/testPki.js";
import { appendUpdate, makePdf, signPdf } from "../helpers/testSigner.js";
import { editedDict, stream, verify } from "./fixtures.js";

const hasQpdf = spawnSync("qpdf", ["--version"]).error === undefined;
if (!hasQpdf && process.env.MOHAR_REQUIRE_INTEROP === "1") throw new Error("qpdf is required (MOHAR_REQUIRE_INTEROP=1) but not installed");

let pki: TestPki;
let dir: string;

beforeAll(() => {
  pki = makeTestPki();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "mohar-structure-"));
});
afterAll(() => {
  pki.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

function qpdf(input: Buffer, args: string[]): Buffer {
  const src = path.join(dir, "in.pdf");
  const out = path.join(dir, "out.pdf");
  fs.writeFileSync(src, input);
  execFileSync("qpdf", [...args, src, out]);
  return fs.readFileSync(out);
}

describe("document structure", () => {
  it("reads the committed samples as one unsigned revision each", () => {
    for (const f of fs.readdirSync("samples").filter((x) => x.endsWith(".pdf"))) {
      const r = verifyPdf(fs.readFileSync(path.join("samples", f)), { trustAnchors: [] });
      expect([f, r.revisions, r.signatureCount, r.subIndication]).toEqual([f, 1, 0, "NO_SIGNATURE"]);
    }
  });

  it.skipIf(!hasQpdf).each([
    ["linearized", ["--linearize"]],
    ["classic xref table", ["--object-streams=disable"]],
    ["object streams", ["--object-streams=generate"]],
  ])("verifies a signature on a %s file written by qpdf", async (_name, args) => {
    const base = qpdf(await makePdf(3), args);
    expect(readPdfStructure(base).revisions).toHaveLength(1);
    const r = verify(await signPdf(base, pki, { fieldName: "A" }), pki);
    expect(r.revisions).toBe(2);
    expect(r.signatures[0]?.status).toBe("TOTAL_PASSED");
  });

  it("flags a replaced document catalog (incremental saving attack on /Root)", async () => {
    const signed = await signPdf(await makePdf(), pki, { fieldName: "A" });
    const root = Number(/\/Root (\d+) 0 R/.exec(signed.toString("latin1"))?.[1]);
    // The new catalog brings its own page tree, with a page that says something else.
    const attacked = await appendUpdate(
      signed,
      new Map([
        [985, editedDict(signed, root, { Pages: "986 0 R" })],
        [986, "<< /Type /Pages /Kids [987 0 R] /Count 1 >>"],
        [987, "<< /Type /Page /Parent 986 0 R /MediaBox [0 0 300 200] /Contents 988 0 R >>"],
        [988, stream("BT /F1 10 Tf 10 100 Td (Office order 1: pay the contractor Rs 9,00,000) Tj ET")],
      ]),
    );
    const text = attacked.toString("latin1");
    const at = text.lastIndexOf("trailer");
    const patched = Buffer.from(text.slice(0, at) + text.slice(at).replace(`/Root ${root} 0 R`, "/Root 985 0 R"), "latin1");
    const r = verify(patched, pki);
    const said = r.signatures[0]?.changesAfter.filter((c) => c.classification === "not_allowed").map((c) => c.description) ?? [];
    expect(said).toContain("the document catalog entry /Pages changed");
    expect(said).toContain("page 1 was replaced by a different page object");
    expect(r.signatures[0]?.status).toBe("TOTAL_FAILED");
  });
});
