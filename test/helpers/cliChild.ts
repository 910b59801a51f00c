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
