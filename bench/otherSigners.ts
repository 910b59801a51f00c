/**
 * mohar against the signers people would otherwise use (issue #16), on the same one-page letter
 * with the same PKCS#12 key, in interleaved rounds (each round: `perRound` signatures of each
 * signer in turn; the median of each round, then the median of the rounds' ratios):
 * - @signpdf (signpdf 3 with its pdf-lib placeholder and P12 signer), which makes an
 *   `adbe.pkcs7.detached` signature with no revocation data: compared with mohar's B-B signature
 *   (no CRLs, no timestamp), the same work, and with mohar's default B-LT (the dev CRLs embedded);
 * - pyHanko, when `python3 -c "import pyhanko"` works on this machine (it is on PyPI only; this
 *   machine's registries do not carry it): its `sign_pdf` with a `SimpleSigner` from the same
 *   PKCS#12, run in one Python process that times its own signatures.
 * Usage: npx tsx bench/otherSigners.ts
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pdflibAddPlaceholder } from "@signpdf/placeholder-pdf-lib";
import { P12Signer } from "@signpdf/signer-p12";
import { SignPdf } from "@signpdf/signpdf";
import { PDFDocument } from "pdf-lib";
import type { RevocationSource, SigningKey } from "../src/pki/index.js";
import { signDocument } from "../src/signing/index.js";
import { signOnce } from "./inProcess.js";

export interface OtherSigners {
  /** Medians of the rounds' medians, ms per signature. */
  moharBasicMs: number;
  moharLtMs: number;
  signpdfMs: number;
  /** Median over rounds of signpdf / mohar B-B and signpdf / mohar B-LT. */
  signpdfOverMoharBasic: number;
  signpdfOverMoharLt: number;
  /** null when pyHanko cannot run here; the reason is in pyhankoNote. */
  pyhankoMs: number | null;
  pyhankoOverMoharBasic: number | null;
  pyhankoNote: string;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const officer = { officerId: "bench", name: "Bench Officer", designation: "Deputy Secretary" };

async function signWithSignpdf(pdf: Buffer, signer: P12Signer): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf);
  pdflibAddPlaceholder({ pdfDoc: doc, reason: "benchmark", contactInfo: "", name: officer.name, location: "", signatureLength: 16384 });
  const withPlaceholder = Buffer.from(await doc.save({ useObjectStreams: false }));
  return new SignPdf().sign(withPlaceholder, signer);
}

async function medianOf(n: number, fn: () => Promise<unknown>): Promise<number> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return median(out);
}

const PYHANKO = `
import sys, time, io, statistics
from pyhanko.sign import signers
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
pdf_path, p12_path, password, n = sys.argv[1], sys.argv[2], sys.argv[3].encode(), int(sys.argv[4])
signer = signers.SimpleSigner.load_pkcs12(p12_path, passphrase=password)
data = open(pdf_path, 'rb').read()
def once():
    out = io.BytesIO()
    signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(data)), signers.PdfSignatureMetadata(field_name='Sig1'), signer=signer, output=out)
for _ in range(3): once()
times = []
for _ in range(n):
    t = time.perf_counter(); once(); times.append((time.perf_counter() - t) * 1000)
print(statistics.median(times))
`;

/** Median ms of pyHanko signing the letter, in its own process, or the reason it cannot run. */
function pyhankoOnce(letterPath: string, p12Path: string, password: string, n: number): number | string {
  const probe = spawnSync("python3", ["-c", "import pyhanko"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) return "pyHanko is not installed (PyPI only; not reachable from this machine, no Debian package)";
  const r = spawnSync("python3", ["-c", PYHANKO, letterPath, p12Path, password, String(n)], { encoding: "utf8" });
  if (r.status !== 0) return `pyHanko failed: ${r.stderr.trim().split("\n").pop() ?? ""}`;
  return Number(r.stdout.trim());
}

export async function otherSigners(letter: Buffer, key: SigningKey, revocation: RevocationSource, p12: Buffer, p12Path: string, password: string, rounds = 5, perRound = 7): Promise<OtherSigners> {
  const basic = (): Promise<unknown> => signDocument({ pdf: letter, key, officer, reason: "benchmark" });
  const lt = (): Promise<unknown> => signOnce(letter, key, revocation);
  // A P12Signer per signature, as signpdf's documentation uses it (one cannot sign twice: it consumes its buffer).
  const sp = (): Promise<unknown> => signWithSignpdf(letter, new P12Signer(p12, { passphrase: password }));
  for (let i = 0; i < 3; i++) {
    await basic();
    await lt();
    await sp();
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mohar-others-"));
  const letterPath = path.join(tmp, "letter.pdf");
  fs.writeFileSync(letterPath, letter);
  const rows: Array<{ basic: number; lt: number; sp: number; py: number | string }> = [];
  try {
    for (let round = 0; round < rounds; round++) {
      // The order turns each round, so no signer always runs right after another's garbage.
      const row = { basic: 0, lt: 0, sp: 0, py: pyhankoOnce(letterPath, p12Path, password, perRound) as number | string };
      const steps: Array<() => Promise<void>> = [
        async () => void (row.basic = await medianOf(perRound, basic)),
        async () => void (row.lt = await medianOf(perRound, lt)),
        async () => void (row.sp = await medianOf(perRound, sp)),
      ];
      for (let i = 0; i < steps.length; i++) await steps[(i + round) % steps.length]!();
      rows.push(row);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const py = rows.map((r) => r.py);
  const pyNumbers = py.filter((v): v is number => typeof v === "number");
  const pyOk = pyNumbers.length === rows.length;
  return {
    moharBasicMs: median(rows.map((r) => r.basic)),
    moharLtMs: median(rows.map((r) => r.lt)),
    signpdfMs: median(rows.map((r) => r.sp)),
    signpdfOverMoharBasic: median(rows.map((r) => r.sp / r.basic)),
    signpdfOverMoharLt: median(rows.map((r) => r.sp / r.lt)),
    pyhankoMs: pyOk ? median(pyNumbers) : null,
    pyhankoOverMoharBasic: pyOk ? median(rows.map((r) => (r.py as number) / r.basic)) : null,
    pyhankoNote: pyOk ? "pyHanko 'sign_pdf', SimpleSigner from the same PKCS#12" : String(py.find((v) => typeof v === "string")),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { signingKeyFromP12, RevocationSource } = await import("../src/pki/index.js");
  const p12Path = path.resolve("certs-dev/officers/anita-sharma.p12");
  const p12 = fs.readFileSync(p12Path);
  const key = signingKeyFromP12(p12, "mohar-dev", { officerId: "anita-sharma", source: p12Path });
  const revocation = RevocationSource.fromDir(path.resolve("certs-dev/crl"));
  const letter = fs.readFileSync("samples/draft-letter-en.pdf");
  process.stdout.write(`${JSON.stringify(await otherSigners(letter, key, revocation, p12, p12Path, "mohar-dev"), null, 2)}\n`);
}
