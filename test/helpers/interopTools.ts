import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** True when `tool` is on PATH. With MOHAR_REQUIRE_INTEROP=1 a missing tool is an error, not a skip. */
export async function haveTool(tool: string): Promise<boolean> {
  try {
    await run("sh", ["-c", `command -v ${tool}`]);
    return true;
  } catch {
    if (process.env.MOHAR_REQUIRE_INTEROP === "1") throw new Error(`${tool} is required (MOHAR_REQUIRE_INTEROP=1) but not installed`);
    return false;
  }
}

export interface PdfsigSignature {
  signatureValid: boolean;
  /** "Certificate is Trusted." against the NSS database's roots (only with an nssDir). */
  certificateTrusted: boolean;
  coversWholeDocument: boolean;
  subFilter?: string;
  raw: string;
}

/**
 * An NSS database (made with certutil) that trusts `rootPem` as a CA, so that pdfsig validates
 * certificate chains against it. Remove it with fs.rm when done.
 */
export async function trustingNssDb(rootPem: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-nss-"));
  await fs.writeFile(path.join(dir, "root.pem"), rootPem);
  await run("certutil", ["-N", "-d", `sql:${dir}`, "--empty-password"]);
  await run("certutil", ["-A", "-d", `sql:${dir}`, "-n", "trusted-root", "-t", "CT,C,C", "-i", path.join(dir, "root.pem")]);
  return dir;
}

/**
 * Runs pdfsig. With `nssDir` (see trustingNssDb) certificates are validated against its roots;
 * without, certificate validation is skipped. pdfsig 22.12 with -no-ocsp reports "Unknown issue"
 * for every chain, so it is left out with an NSS database: the test certificates carry no
 * AIA/OCSP or CRL URL, so NSS has nothing to contact, and -aia (fetching issuers) stays off.
 */
export async function pdfsig(pdf: Buffer, opts: { nssDir?: string } = {}): Promise<PdfsigSignature[]> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-pdfsig-"));
  try {
    const file = path.join(dir, "in.pdf");
    await fs.writeFile(file, pdf);
    const trust = opts.nssDir ? ["-nssdir", `sql:${opts.nssDir}`] : ["-nocert", "-no-ocsp"];
    const { stdout } = await run("pdfsig", [...trust, file]).catch((e: { stdout?: string; stderr?: string }) => {
      throw new Error(`pdfsig failed: ${e.stderr ?? ""}${e.stdout ?? ""}`);
    });
    return stdout
      .split(/^Signature #\d+:$/m)
      .slice(1)
      .map((raw) => ({
        signatureValid: /Signature Validation: Signature is Valid\./.test(raw),
        certificateTrusted: /Certificate Validation: Certificate is Trusted\./.test(raw),
        coversWholeDocument: /Total document signed/.test(raw),
        subFilter: /Signature Type: (\S+)/.exec(raw)?.[1],
        raw,
      }));
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** Runs `qpdf --check`; returns its output, throwing on a non-zero exit. */
export async function qpdfCheck(pdf: Buffer): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-qpdf-"));
  try {
    const file = path.join(dir, "in.pdf");
    await fs.writeFile(file, pdf);
    const { stdout, stderr } = await run("qpdf", ["--check", file]).catch((e: { stdout?: string; stderr?: string; code?: number }) => {
      throw new Error(`qpdf --check exited ${String(e.code)}: ${e.stderr ?? ""}${e.stdout ?? ""}`);
    });
    return stdout + stderr;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** The text poppler's pdftotext extracts (with -layout: lines as laid out on the page); throws on anything it complains of. */
export async function pdftotext(pdf: Buffer, opts: { layout?: boolean } = {}): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-pdftotext-"));
  try {
    const file = path.join(dir, "in.pdf");
    await fs.writeFile(file, pdf);
    const { stdout, stderr } = await run("pdftotext", [...(opts.layout ? ["-layout"] : []), file, "-"]);
    if (stderr) throw new Error(`pdftotext: ${stderr}`);
    return stdout;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
