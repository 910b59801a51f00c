import { describe, expect, it } from "vitest";
import { embedSignature, inspectPdf, preparePdfSignature } from "../../src/pdf/index.js";
import type { PdfDict, PdfValue } from "../../src/pdf/read/rawObjects.js";
import { newObjectCache, RevisionObjects } from "../../src/pdf/read/revisionObjects.js";
import { mergedTable, readChain } from "../../src/pdf/read/revisions.js";
import type { XrefEntry } from "../../src/pdf/read/xrefSection.js";
import { scanExistingFields } from "../../src/pdf/write/formFields.js";
import { LazyXrefChain } from "../../src/pdf/read/xrefChain.js";
import { findStartXrefKeyword } from "../../src/pdf/read/xrefTail.js";
import { makePdf } from "../helpers/samplePdfs.js";

const now = new Date("2026-12-06T04:00:00Z");
const dummyCms = Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01]);

async function signedTimes(pdf: Buffer, n: number): Promise<Buffer> {
  let out = pdf;
  for (let i = 0; i < n; i++) out = embedSignature(await preparePdfSignature(out, { signingTime: now, name: `Officer ${i}` }), dummyCms);
  return out;
}

/** The same table in 19-byte rows ("... n\n"), as some writers make it against the standard. */
function nineteenByteRows(pdf: Buffer): Buffer {
  return Buffer.from(pdf.toString("latin1").replace(/(\d{10} \d{5} [nf]) \n/g, "$1\n"), "latin1");
}

/**
 * A hybrid-reference file: a classic table (here only object 0) whose trailer's /XRefStm names the
 * xref stream that lists the rest, some of them in object streams.
 */
function hybridOf(pdf: Buffer): Buffer {
  const text = pdf.toString("latin1");
  const stream = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)![1]);
  const size = /\/Size (\d+)/.exec(text)![1];
  const root = /\/Root (\d+ \d+ R)/.exec(text)![1];
  const at = pdf.length;
  const table = `xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size ${size} /Root ${root} /XRefStm ${stream} >>\nstartxref\n${at}\n%%EOF\n`;
  return Buffer.concat([pdf, Buffer.from(table, "latin1")]);
}

/**
 * `pdf` with `key` of the first match of `where` written with a #xx escape (as every reader decodes
 * it), the same length: the dictionary's `drop` entry gives way to the longer name.
 */
function escapedKey(pdf: Buffer, where: RegExp, key: string, escaped: string, drop: string | RegExp): Buffer {
  const text = pdf.toString("latin1");
  const m = where.exec(text)!;
  const edited = m[0].replace(drop, "").replace(`/${key} `, `/${escaped} `);
  expect(edited).not.toBe(m[0]);
  const padded = edited.replace(">>", `${" ".repeat(m[0].length - edited.length)}>>`);
  expect(padded.length).toBe(m[0].length);
  return Buffer.from(text.slice(0, m.index) + padded + text.slice(m.index + m[0].length), "latin1");
}

/**
 * Issue #16: signing reads the cross-reference chain lazily (LazyXrefChain). Whatever it answers
 * must be what the whole-chain reader (the verifier's) answers, object for object.
 */
describe("the lazy cross-reference chain", () => {
  it("gives every object the entry the whole chain gives it (xref streams, classic tables, 19-byte rows, a hybrid file, several updates)", async () => {
    const stream = await makePdf({ pages: 2 });
    const classic = await makePdf({ pages: 2, classicXref: true });
    const hybrid = hybridOf(stream);
    for (const pdf of [stream, classic, nineteenByteRows(classic), hybrid, await signedTimes(hybrid, 2), await signedTimes(stream, 3), await signedTimes(classic, 3)]) {
      const { at, offset } = findStartXrefKeyword(pdf);
      const whole = mergedTable(readChain(pdf, offset, at));
      const lazy = new LazyXrefChain(pdf, offset, at);
      const highest = Math.max(...whole.keys());
      for (let num = 1; num <= highest + 2; num++) expect(lazy.get(num), `object ${num}`).toEqual(whole.get(num));
      expect(lazy.listedEnd()).toBeGreaterThan(highest);
    }
  });

  it("reads an older xref stream's /Prev, /Index or /Encrypt written with #xx escapes, or its data past a wrong /Length, as the whole chain does", async () => {
    const signed = await signedTimes(await makePdf({ pages: 2 }), 3);
    // The first update's xref stream: stepped through (not the newest), its /Info dropped to make room.
    const olderXref = /<< \/Type \/XRef [^>]*\/Info \d+ 0 R [^>]*>>/;
    const hiddenPrev = escapedKey(signed, olderXref, "Prev", "P#72ev", /\/Info \d+ 0 R /);
    const hiddenIndex = escapedKey(signed, olderXref, "Index", "I#6edex", /\/Info \d+ 0 R /);
    // A /Length one past the data (the end of line before "endstream" counted): readChain ends the data at "endstream".
    const longer = Buffer.from(signed.toString("latin1").replace(/(<< \/Type \/XRef [^>]*\/Info \d+ 0 R [^>]*\/Length )(\d+)/, (_m, head: string, n: string) => `${head}${Number(n) + 1}`), "latin1");
    expect(longer.length).toBe(signed.length);
    for (const pdf of [hiddenPrev, hiddenIndex, longer]) {
      const { at, offset } = findStartXrefKeyword(pdf);
      const whole = mergedTable(readChain(pdf, offset, at));
      const lazy = new LazyXrefChain(pdf, offset, at);
      for (let num = 1; num <= Math.max(...whole.keys()) + 1; num++) expect(lazy.get(num), `object ${num}`).toEqual(whole.get(num));
      expect((await preparePdfSignature(pdf, { signingTime: now })).fieldName).toBe("Signature4");
    }
    // An older section's /Encrypt so written still refuses the file.
    const hiddenEncrypt = escapedKey(signed, olderXref, "Info", "Encr#79pt", /\/Root \d+ 0 R /);
    await expect(preparePdfSignature(hiddenEncrypt, { signingTime: now })).rejects.toMatchObject({ code: "pdf.encrypted" });
  });

  it("sees a field's /T and /V written with #xx escapes (no signature name reused)", async () => {
    const signed = await signedTimes(await makePdf(), 1);
    const field = /<< \/Type \/Annot \/Subtype \/Widget \/FT \/Sig \/T \(Signature1\)[^>]*>>/;
    const escaped = escapedKey(escapedKey(signed, field, "T", "#54", /\/F \d+ /), /<< \/Type \/Annot \/Subtype \/Widget \/FT \/Sig \/#54 [^>]*>>/, "V", "#56", /\/P \d+ 0 R /);
    expect(escaped.toString("latin1")).toContain("/#54 (Signature1) /#56 ");
    expect((await preparePdfSignature(escaped, { signingTime: now })).fieldName).toBe("Signature2");
  });

  it("takes a field as deref takes it: not a stream's dictionary, not an object of another number", () => {
    const objs = ["<< /T (Plain) >>", "<< /T (Streamed) /FT /Sig /V 9 0 R /Length 2 >>\nstream\nxx\nendstream", "<< /T (Elsewhere) >>"];
    let text = "";
    const table = new Map<number, XrefEntry>();
    objs.forEach((body, i) => {
      table.set(i + 1, { type: "offset", offset: text.length, gen: 0 });
      // Object 3's row points at an object numbered 4.
      text += `${i === 2 ? 4 : i + 1} 0 obj\n${body}\nendobj\n`;
    });
    const ref = (num: number): PdfValue => ({ kind: "ref", num, gen: 0 });
    const acroForm: PdfDict = { kind: "dict", entries: new Map([["Fields", { kind: "array", items: [ref(1), ref(2), ref(3)] }]]) };
    const catalog: PdfDict = { kind: "dict", entries: new Map([["AcroForm", acroForm]]) };
    const existing = scanExistingFields(new RevisionObjects(Buffer.from(text, "latin1"), table, newObjectCache()), catalog);
    expect([...existing.topLevelNames]).toEqual(["Plain"]);
    expect(existing.signedCount).toBe(0);
  });

  it("reads a classic table whole when a comment hides a row among 20-byte rows (the row arithmetic finds would not be the one the whole reader takes)", async () => {
    // A made-up file: object 4's row ends in a comment holding a shaped row that points object 5
    // at a shadow /Pages; the next 20 rows are 19 bytes long, so the last row and the trailer sit
    // where 20-byte arithmetic expects them. The whole reader skips the comment.
    let s = "%PDF-1.7\n";
    const offs: number[] = [];
    const obj = (n: number, body: string) => {
      offs[n] = s.length;
      s += `${n} 0 obj\n${body}\nendobj\n`;
    };
    obj(1, "<< /Type /Catalog /Pages 5 0 R >>");
    obj(2, "<< /N 2 >>");
    obj(3, "<< /Type /Page /Parent 5 0 R /MediaBox [0 0 612 792] >>");
    obj(4, "<< /N 4 >>");
    obj(5, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    for (let i = 6; i <= 30; i++) obj(i, i === 26 ? "<< /Type /Page /Parent 5 0 R /MediaBox [0 0 100 100] /Shadow true >>" : `<< /N ${i} >>`);
    const shadow = s.length;
    s += "5 0 obj\n<< /Type /Pages /Kids [26 0 R] /Count 1 /Shadow true >>\nendobj\n";
    const xref = s.length;
    const row = (o: number, eol = "\r\n") => `${String(o).padStart(10, "0")} 00000 n${eol}`;
    let table = "xref\n0 31\n0000000000 65535 f\r\n";
    for (let i = 1; i <= 3; i++) table += row(offs[i]!);
    table += row(offs[4]!).slice(0, 18) + "%X" + row(shadow);
    for (let i = 5; i <= 24; i++) table += row(offs[i]!, "\n");
    for (let i = 25; i <= 30; i++) table += row(offs[i]!);
    const pdf = Buffer.from(`${s}${table}trailer\n<< /Size 31 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`, "latin1");

    const { at, offset } = findStartXrefKeyword(pdf);
    const whole = mergedTable(readChain(pdf, offset, at));
    expect(whole.get(5)).toEqual({ type: "offset", offset: offs[5], gen: 0 });
    const lazy = new LazyXrefChain(pdf, offset, at);
    for (let num = 1; num <= 31; num++) expect(lazy.get(num), `object ${num}`).toEqual(whole.get(num));
    const update = (await preparePdfSignature(pdf, { signingTime: now })).bytes.subarray(pdf.length).toString("latin1");
    expect(update).not.toContain("/Shadow");
    expect(update).toContain("/Parent 5 0 R");
  });

  it("signs a table in 19-byte rows, and refuses a file whose catalog is not where its row says (read whole then: pdf.xref_broken)", async () => {
    const classic = await makePdf({ classicXref: true });
    const sloppy = nineteenByteRows(classic);
    expect(sloppy.length).toBeLessThan(classic.length);
    expect((await preparePdfSignature(sloppy, { signingTime: now })).fieldName).toBe("Signature1");

    const signed = await signedTimes(await makePdf({ classicXref: true }), 1);
    const text = signed.toString("latin1");
    const root = Number(/\/Root (\d+) 0 R/.exec(text)![1]);
    // The newest row for the catalog, moved one byte off its object header.
    const rows = [...text.matchAll(new RegExp(`\\n${root} 1\\r?\\n(\\d{10})`, "g"))];
    const row = rows[rows.length - 1]!;
    const at = row.index! + row[0].length - 10;
    const moved = String(Number(row[1]) + 1).padStart(10, "0");
    const broken = Buffer.from(text.slice(0, at) + moved + text.slice(at + 10), "latin1");
    await expect(preparePdfSignature(broken, { signingTime: now })).rejects.toMatchObject({ code: "pdf.xref_broken", message: expect.stringContaining(`wrong offsets (object ${root} not at an object header)`) });
  });

  it("numbers new objects from /Size as the whole read does, though a section lists a free number far beyond it", async () => {
    const classic = await makePdf({ classicXref: true });
    const text = classic.toString("latin1");
    const size = Number(/\/Size (\d+)/.exec(text)![1]);
    // After the table's rows: a subsection with one free entry near the 8,000,000 objects a file may have.
    const sparse = Buffer.from(text.replace(/\n\s*trailer/, "\n7999990 1\n0000000000 00001 f \ntrailer"), "latin1");
    expect(sparse.length).toBeGreaterThan(classic.length);
    const { at, offset } = findStartXrefKeyword(sparse);
    expect(new LazyXrefChain(sparse, offset, at).listedEnd()).toBe(7999991);
    const prepared = await preparePdfSignature(sparse, { signingTime: now });
    const update = prepared.bytes.subarray(sparse.length).toString("latin1");
    expect(update).toMatch(new RegExp(`(^|\\n)${size} 0 obj`));
    expect(update).not.toMatch(/\b7999991 0 obj/);
  });

  it("signs a file with a wrong offset only where signing does not look; the upload check and wholeChain refuse it (pdf.xref_broken)", async () => {
    const classic = await makePdf({ classicXref: true });
    const text = classic.toString("latin1");
    // Page 1's content stream: not read to add a signature field.
    const contents = Number(/\/Contents \[? ?(\d+) 0 R/.exec(text)![1]);
    const table = text.lastIndexOf("\nxref\n");
    const first = /\n0 (\d+)\r?\n/.exec(text.slice(table))!;
    const at = table + first.index + first[0].length + contents * 20;
    const moved = String(Number(text.slice(at, at + 10)) + 1).padStart(10, "0");
    const broken = Buffer.from(text.slice(0, at) + moved + text.slice(at + 10), "latin1");
    expect((await preparePdfSignature(broken, { signingTime: now })).fieldName).toBe("Signature1");
    const wrong = { code: "pdf.xref_broken", message: expect.stringContaining(`object ${contents} not at an object header`) };
    await expect(preparePdfSignature(broken, { signingTime: now, wholeChain: true })).rejects.toMatchObject(wrong);
    await expect(inspectPdf(broken)).rejects.toMatchObject({ code: "pdf.xref_broken" });
  });
});
