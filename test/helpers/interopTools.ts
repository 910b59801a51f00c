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
  coversWholeDocument: boolean;
  subFilter?: string;
  raw: string;
}

/** Runs pdfsig (certificate trust is not checked: poppler has no way to take a root PEM). */
export async function pdfsig(pdf: Buffer): Promise<PdfsigSignature[]> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-pdfsig-"));
  try {
    const file = path.join(dir, "in.pdf");
    await fs.writeFile(file, pdf);
    const { stdout } = await run("pdfsig", ["-nocert", "-no-ocsp", file]).catch((e: { stdout?: string; stderr?: string }) => {
      throw new Error(`pdfsig failed: ${e.stderr ?? ""}${e.stdout ?? ""}`);
    });
    return stdout
      .split(/^Signature #\d+:$/m)
      .slice(1)
      .map((raw) => ({
        signatureValid: /Signature Validation: Signature is Valid\./.test(raw),
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
