import { X509Certificate } from "node:crypto";
import fs from "node:fs";
import { deflateSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isMoharError } from "../../src/errors.js";
import { RevocationSource, signingKeyFromP12 } from "../../src/pki/index.js";
import { signDocument } from "../../src/signing/index.js";
import { verifyPdf, type VerificationReport } from "../../src/verification/index.js";
import { makeTestPki, type TestPki } from "../helpers/testPki.js";
import { makePdf, signPdf } from "../helpers/testSigner.js";
import { anchorsOf, verify } from "./fixtures.js";

let pki: TestPki;
let signed: Buffer;

beforeAll(async () => {
  pki = makeTestPki();
  signed = await signPdf(await makePdf(), pki, { fieldName: "Approver" });
});
afterAll(() => pki.cleanup());

/** Either a report or a MoharError; anything else escaping is a bug. Trusts the test PKI unless told otherwise. */
function outcome(bytes: Buffer, trustAnchors: X509Certificate[] = anchorsOf(pki)): VerificationReport | { error: string } {
  try {
    return verifyPdf(bytes, { trustAnchors });
  } catch (e) {
    if (isMoharError(e)) return { error: e.code };
    throw e;
  }
}

/** xorshift32 from `seed`: deterministic, so a failure can be replayed. A number in [0, n). */
function xorshift(seed: number): (n: number) => number {
  let x = seed;
  return (n) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
}

function withByteRange(pdf: Buffer, values: [string, string, string]): Buffer {
  const text = pdf.toString("latin1");
  const m = /\/ByteRange \[0 \d{10} \d{10} \d{10}\]/.exec(text);
  if (!m) throw new Error("no ByteRange");
  const repl = `/ByteRange [0 ${values.map((v) => v.padStart(10, " ")).join(" ")}]`;
  return Buffer.from(text.replace(m[0], repl), "latin1");
}

describe("malformed input", () => {
  it("rejects an empty file and garbage with a 4xx-kind MoharError", () => {
    expect(outcome(Buffer.alloc(0))).toEqual({ error: "pdf.empty" });
    expect(outcome(Buffer.from("this is not a pdf at all"))).toEqual({ error: "pdf.not_pdf" });
    expect(outcome(Buffer.from("%PDF-1.7\ngarbage without any structure"))).toEqual({ error: "pdf.unreadable" });
  });

  it("reads a truncated signed file as its earlier revision plus unaccounted bytes", () => {
    const r = outcome(signed.subarray(0, signed.length - 300));
    expect("error" in r ? r.error : r.trailingBytes).toBeTruthy();
    if (!("error" in r)) expect(r.status).not.toBe("TOTAL_PASSED");
  });

  it("fails a CMS that does not parse", () => {
    const text = signed.toString("latin1");
    const broken = Buffer.from(text.replace(/\/Contents <([0-9a-f]+)>/, (_m, hex: string) => `/Contents <${"ab".repeat(hex.length / 2)}>`), "latin1");
    const s = verify(broken, pki).signatures[0];
    expect(s).toMatchObject({ status: "TOTAL_FAILED", subIndication: "FORMAT_FAILURE" });
    expect(s?.statusReason).toContain("CMS does not parse");
  });

  it.each([
    ["negative", ["-5", "20000", "100"]],
    ["huge", ["9999999999", "9999999999", "9999999999"]],
    ["past the end", ["100", "200", "999999999"]],
    ["overlapping", ["5000", "4000", "100"]],
    ["fractional", ["100.5", "200", "100"]],
  ] as [string, [string, string, string]][])("fails an absurd ByteRange (%s) with a report", (_name, values) => {
    const r = outcome(withByteRange(signed, values));
    expect("error" in r).toBe(false);
    const s = (r as VerificationReport).signatures[0];
    expect(s?.status).toBe("TOTAL_FAILED");
    expect(s?.integrity.byteRangeOk).toBe(false);
  });

  it("survives a ByteRange that is not even an array of numbers", () => {
    const text = signed.toString("latin1");
    const r = outcome(Buffer.from(text.replace(/\/ByteRange \[[^\]]*\]/, (m) => `/ByteRange (${"x".repeat(m.length - 13)})`), "latin1"));
    expect("error" in r ? r.error : (r as VerificationReport).signatures[0]?.status).toMatch(/TOTAL_FAILED|pdf\./);
  });
});

/**
 * A catalog whose /Names array points at `n` small objects, all in one object stream, with an
 * xref stream, then an empty incremental update: every object is read, each from the same stream.
 */
function manyObjectsInOneStream(n: number): Buffer {
  const objs = Array.from({ length: n }, (_, i) => `<< /A ${i} >>`);
  const list = `[${Array.from({ length: n }, (_, i) => `${i + 4} 0 R`).join(" ")}]`;
  const members = [list, ...objs];
  let header = "";
  let body = "";
  members.forEach((m, i) => {
    header += `${i + 3} ${body.length} `;
    body += `${m}\n`;
  });
  const stmNum = n + 4;
  const xrefNum = n + 5;
  const parts: string[] = ["%PDF-1.7\n"];
  const offsets = new Map<number, number>();
  const add = (num: number, text: string): void => {
    offsets.set(num, Buffer.byteLength(parts.join(""), "latin1"));
    parts.push(`${num} 0 obj\n${text}\nendobj\n`);
  };
  add(1, "<< /Type /Catalog /Pages 2 0 R /Names 3 0 R >>");
  add(2, "<< /Type /Pages /Kids [] /Count 0 >>");
  const content = header + body;
  add(stmNum, `<< /Type /ObjStm /N ${members.length} /First ${header.length} /Length ${content.length} >>\nstream\n${content}\nendstream`);
  const rows: Buffer[] = [];
  const row = (t: number, a: number, b: number): void => {
    const r = Buffer.alloc(7);
    r.writeUInt8(t, 0);
    r.writeUInt32BE(a, 1);
    r.writeUInt16BE(b, 5);
    rows.push(r);
  };
  const xrefAt = Buffer.byteLength(parts.join(""), "latin1");
  for (let num = 0; num <= xrefNum; num += 1) {
    if (num === 0) row(0, 0, 65535);
    else if (num >= 3 && num < stmNum) row(2, stmNum, num - 3);
    else if (num === xrefNum) row(1, xrefAt, 0);
    else row(1, offsets.get(num) ?? 0, 0);
  }
  const xref = Buffer.concat(rows);
  const head = Buffer.from(`${parts.join("")}${xrefNum} 0 obj\n<< /Type /XRef /Size ${xrefNum + 1} /W [1 4 2] /Root 1 0 R /Length ${xref.length} >>\nstream\n`, "latin1");
  const first = Buffer.concat([head, xref, Buffer.from(`\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`, "latin1")]);
  const update = `xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size ${xrefNum + 1} /Root 1 0 R /Prev ${xrefAt} >>\nstartxref\n${first.length}\n%%EOF\n`;
  return Buffer.concat([first, Buffer.from(update, "latin1")]);
}

describe("hostile structure", () => {
  it("reads an object stream of 20,000 objects once, not once per object", () => {
    const pdf = manyObjectsInOneStream(20_000);
    const t0 = performance.now();
    const r = outcome(pdf);
    expect(performance.now() - t0).toBeLessThan(3000);
    expect((r as VerificationReport).revisions).toBe(2);
  });

  it.each([
    ["200k %%EOF markers", () => Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.from("%%EOF\n".repeat(200_000))])],
    ["deeply nested arrays", () => Buffer.from(`%PDF-1.7\n1 0 obj\n${"[".repeat(100_000)}\nendobj\nxref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n<< /Size 2 /Root 1 0 R >>\nstartxref\n${100_030}\n%%EOF\n`)],
    ["an xref /Prev loop", () => Buffer.from("%PDF-1.7\nxref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 1 /Prev 9 >>\nstartxref\n9\n%%EOF\n")],
    ["a 4 KB deflated xref stream claiming 4 million objects, then ten updates", () => {
      const rows = deflateSync(Buffer.alloc(4_000_000, 0));
      const head = Buffer.from(`%PDF-1.7\n1 0 obj\n<< /Type /XRef /W [1 0 0] /Size 4000000 /Filter /FlateDecode /Length ${rows.length} >>\nstream\n`, "latin1");
      let pdf = Buffer.concat([head, rows, Buffer.from("\nendstream\nendobj\nstartxref\n9\n%%EOF\n", "latin1")]);
      let prev = 9;
      for (let i = 0; i < 10; i += 1) {
        const at = pdf.length;
        pdf = Buffer.concat([pdf, Buffer.from(`xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 4000000 /Prev ${prev} >>\nstartxref\n${at}\n%%EOF\n`, "latin1")]);
        prev = at;
      }
      return pdf;
    }],
    ["a zero-width xref stream", () => Buffer.from("%PDF-1.7\n1 0 obj\n<< /Type /XRef /W [0 0 0] /Size 8000000 /Length 0 >>\nstream\n\nendstream\nendobj\nstartxref\n9\n%%EOF\n")],
  ] as [string, () => Buffer][])("handles %s quickly", (_name, make) => {
    const input = make();
    const t0 = performance.now();
    const r = outcome(input);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect("error" in r || (r as VerificationReport).signatureCount === 0).toBe(true);
  });
});

describe("fuzzing", () => {
  it("finishes every mutated signed PDF quickly with a report or a MoharError", () => {
    const rand = xorshift(0x5eed1234);
    const kinds = { report: 0, error: 0 };
    let slowest = 0;
    for (let i = 0; i < 300; i++) {
      const m = Buffer.from(signed);
      let input: Buffer = m;
      const kind = i % 3;
      if (kind === 0) for (let k = 0, n = 1 + rand(8); k < n; k++) m[rand(m.length)] = rand(256);
      else if (kind === 1) input = m.subarray(0, rand(m.length));
      else {
        const from = rand(m.length);
        const len = rand(2000);
        const to = rand(m.length);
        input = Buffer.concat([m.subarray(0, to), m.subarray(from, from + len), m.subarray(to + rand(500))]);
      }
      const t0 = performance.now();
      const r = outcome(input);
      const ms = performance.now() - t0;
      slowest = Math.max(slowest, ms);
      expect(ms, `case ${i}`).toBeLessThan(2000);
      if ("error" in r) kinds.error++;
      else kinds.report++;
    }
    expect(kinds.report + kinds.error).toBe(300);
    expect(kinds.report).toBeGreaterThan(50);
    console.log(`fuzz: ${kinds.report} reports, ${kinds.error} MoharErrors, slowest ${slowest.toFixed(1)} ms`);
  });

  it("never passes a signature after any byte it signs was changed", async () => {
    // A B-LT signature by mohar with the dev PKI: TOTAL_PASSED as it is.
    const key = signingKeyFromP12(fs.readFileSync("certs-dev/officers/anita-sharma.p12"), "mohar-dev", { officerId: "anita-sharma", source: "test" });
    const { pdf: good } = await signDocument({ pdf: await makePdf(), key, officer: { officerId: "anita-sharma", name: "Anita Sharma" }, revocation: RevocationSource.fromDir("certs-dev/crl") });
    const anchors = [new X509Certificate(fs.readFileSync("certs-dev/root.pem"))];
    const check = (bytes: Buffer): VerificationReport | { error: string } => outcome(bytes, anchors);
    const base = check(good);
    expect("error" in base ? base : base.signatures[0]?.status).toBe("TOTAL_PASSED");
    const [a, b, c, d] = (/\/ByteRange \[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(good.toString("latin1")) ?? []).slice(1).map(Number) as [number, number, number, number];
    const rand = xorshift(0xbadc0de);
    const signedBytes = b + d;
    for (let i = 0; i < 200; i++) {
      const m = Buffer.from(good);
      const k = rand(signedBytes);
      const at = k < b ? a + k : c + (k - b);
      m[at] = (m[at]! + 1 + rand(255)) % 256;
      const r = check(m);
      const passed = "error" in r ? [] : r.signatures.filter((s) => s.status === "TOTAL_PASSED");
      expect(passed, `byte ${at} changed`).toEqual([]);
    }
  });

  it("never lets a mutated CMS escape as an exception", () => {
    const rand = xorshift(0xc0ffee);
    const text = signed.toString("latin1");
    const start = text.indexOf("/Contents <") + "/Contents <".length;
    const der = /\/Contents <([0-9a-f]+?)(?:00)*>/.exec(text)?.[1] ?? "";
    const statuses = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const m = Buffer.from(signed);
      for (let k = 0, n = 1 + rand(4); k < n; k++) m[start + rand(der.length)] = "0123456789abcdef".charCodeAt(rand(16));
      const t0 = performance.now();
      const r = verifyPdf(m, { trustAnchors: anchorsOf(pki) });
      expect(performance.now() - t0).toBeLessThan(2000);
      statuses.add(r.signatures[0]?.status ?? "none");
    }
    // Most hex flips break the signature; none may crash the verifier.
    expect(statuses.has("TOTAL_FAILED")).toBe(true);
  });
});

