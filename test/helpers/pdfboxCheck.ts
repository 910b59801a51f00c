import { createHash } from "node:crypto";
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { haveTool } from "./interopTools.js";

const run = promisify(execFile);

/** Debian's jars (libpdfbox2-java, libbcpkix-java, libbcprov-java and what they depend on). */
const JAR_DIR = "/usr/share/java";
const JARS = ["pdfbox2.jar", "fontbox2.jar", "commons-logging.jar", "bcprov.jar", "bcpkix.jar", "bcutil.jar"];
const SOURCE = path.resolve("test/interop/java/PdfSignatureCheck.java");

/**
 * Whether java, javac and the PDFBox/BouncyCastle jars are here. With MOHAR_REQUIRE_INTEROP=1
 * anything missing is an error, not a skip.
 */
export async function havePdfbox(): Promise<boolean> {
  const tools = (await haveTool("java")) && (await haveTool("javac"));
  const missing = JARS.filter((j) => !fs.existsSync(path.join(JAR_DIR, j)));
  if (missing.length > 0 && process.env.MOHAR_REQUIRE_INTEROP === "1") {
    throw new Error(`${missing.join(", ")} missing from ${JAR_DIR} (MOHAR_REQUIRE_INTEROP=1): apt-get install libpdfbox2-java libbcpkix-java`);
  }
  return tools && missing.length === 0;
}

const classpath = (extra: string): string => [extra, ...JARS.map((j) => path.join(JAR_DIR, j))].join(path.delimiter);

/** Compiles the checker once per version of its source: the classes are kept in a temp dir named by the source's hash. */
async function compiled(): Promise<string> {
  const source = fs.readFileSync(SOURCE);
  const dir = path.join(os.tmpdir(), `mohar-pdfbox-${createHash("sha256").update(source).digest("hex").slice(0, 16)}`);
  if (fs.existsSync(path.join(dir, "PdfSignatureCheck.class"))) return dir;
  const work = fs.mkdtempSync(`${dir}-build-`);
  await run("javac", ["-nowarn", "-cp", classpath(""), "-d", work, SOURCE]);
  try {
    fs.renameSync(work, dir);
  } catch {
    // Another run compiled it meanwhile.
    fs.rmSync(work, { recursive: true, force: true });
  }
  return dir;
}

/**
 * Runs the PDFBox/BouncyCastle checker over `files` in one JVM: one line per signature
 * ("FILE#N field=... signer=... messageDigest=ok signature=ok wholeFile=yes"), exit 0 when all check.
 */
export async function pdfboxCheck(files: string[]): Promise<{ code: number; lines: string[]; stderr: string }> {
  const classes = await compiled();
  const r = await run("java", ["-cp", classpath(classes), "PdfSignatureCheck", ...files]).then(
    (o) => ({ code: 0, stdout: o.stdout, stderr: o.stderr }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" }),
  );
  return { code: r.code, lines: r.stdout.split("\n").filter(Boolean), stderr: r.stderr };
}
