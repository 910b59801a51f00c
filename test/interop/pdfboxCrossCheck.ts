import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "vitest";
import { signDocument } from "../../src/signing/index.js";
import { devKey, devOfficer } from "../helpers/devSigning.js";
import { pdfboxCheck } from "../helpers/pdfboxCheck.js";
import { makePdf } from "../helpers/samplePdfs.js";

/**
 * The independent check of mohar's signatures (#15): PDFBox reads each signature's ByteRange
 * content and /Contents, BouncyCastle checks messageDigest and the signature value against the
 * signer certificate (test/interop/java/PdfSignatureCheck.java), all files in one JVM run: a
 * key-held signature, the eSign-signed PDF `esigned` (from the development ESP) and that PDF with a
 * key-held signature over it (two signatures), and a copy with one signed byte changed, which
 * must fail. Called by the eSign test, whose server made `esigned` (no second server to start).
 */
export async function crossCheckWithPdfbox(esigned: Buffer): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mohar-pdfbox-files-"));
  try {
    const officer = await devOfficer("priya-nair");
    const key = await devKey(officer);
    const held = (await signDocument({ pdf: await makePdf(), key, officer: officer.identity, reason: "Approved" })).pdf;
    const two = (await signDocument({ pdf: esigned, key, officer: officer.identity, reason: "Seen" })).pdf;
    const tampered = Buffer.from(held);
    tampered[10] = (tampered[10] as number) ^ 0x01; // in the header's binary comment, inside the signed range
    const files = { held, esign: esigned, two, tampered };
    for (const [name, bytes] of Object.entries(files)) fs.writeFileSync(path.join(dir, `${name}.pdf`), bytes);

    const r = await pdfboxCheck(Object.keys(files).map((name) => path.join(dir, `${name}.pdf`)));
    expect(r.code, `${r.lines.join("\n")}\n${r.stderr}`).toBe(1);
    const line = (name: string, n: number): string => r.lines.find((l) => l.startsWith(`${path.join(dir, name)}.pdf#${n} `)) ?? `no line for ${name}#${n}: ${r.lines.join(" | ")}`;
    const ok = /messageDigest=ok signature=ok wholeFile=yes$/;
    expect(line("held", 1)).toMatch(ok);
    expect(line("held", 1)).toMatch(/signer="[^"]*CN=Priya Nair/i);
    expect(line("esign", 1)).toMatch(ok);
    expect(line("esign", 1)).toMatch(/signer="[^"]*CN=ANITA SHARMA/);
    expect(line("esign", 1)).toContain("subFilter=ETSI.CAdES.detached");
    expect(line("two", 1)).toMatch(/CN=ANITA SHARMA.*messageDigest=ok signature=ok wholeFile=no$/);
    expect(line("two", 2)).toMatch(ok);
    expect(line("tampered", 1)).toMatch(/messageDigest=BAD/);
    expect(r.lines).toHaveLength(5);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
