import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
/** The repository's root, where `src/cli.ts` runs from. */
export const repo = path.resolve(import.meta.dirname, "../..");

/**
 * `mohar <args>` as a child process (src/cli.ts through tsx's loader, in one Node process rather
 * than the tsx command's two, from the repository's root), as an operator
 * or auditor runs it: its exit code, and what it printed (stdout; stdout and stderr when it fails).
 */
export async function runCli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], { cwd: repo, env });
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

/**
 * A `mohar` command run in this process through the function its action in src/cli.ts calls, for
 * tests about what the command finds rather than about the process (those keep a real child via
 * runCli): what it wrote to stdout (stdout and stderr when it fails) and the exit code it set, as
 * runCli reports them. An error it throws is reported as cli.ts does: `mohar: <message>`, exit 1.
 * A test file runs one test at a time, so nothing else writes while the streams are borrowed; an
 * in-process test server (server.ts) beside it logs nowhere unless given a logger, and pino's
 * default destination does go through process.stdout.write: a file using this gives its server a
 * logger with another destination, or none.
 */
export async function runCliAction(action: () => Promise<void>): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const { stdout, stderr } = process;
  const [writeOut, writeErr, exitCodeBefore] = [stdout.write, stderr.write, process.exitCode];
  const capture = (into: string[]) => ((chunk: string | Uint8Array): boolean => (into.push(Buffer.from(chunk).toString()), true)) as typeof stdout.write;
  let code: number;
  process.exitCode = undefined;
  stdout.write = capture(out);
  stderr.write = capture(err);
  try {
    await action();
    code = Number(process.exitCode ?? 0);
  } catch (e) {
    err.push(`mohar: ${e instanceof Error ? e.message : String(e)}\n`);
    code = 1;
  } finally {
    stdout.write = writeOut;
    stderr.write = writeErr;
    process.exitCode = exitCodeBefore;
  }
  return { code, out: code === 0 ? out.join("") : out.join("") + err.join("") };
}
