import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
/** The repository's root, where `src/cli.ts` runs from. */
export const repo = path.resolve(import.meta.dirname, "../..");
const tsx = path.join(repo, "node_modules/.bin/tsx");

/**
 * `mohar <args>` as a child process (tsx src/cli.ts from the repository's root), as an operator
 * or auditor runs it: its exit code, and what it printed (stdout; stdout and stderr when it fails).
 */
export async function runCli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(tsx, ["src/cli.ts", ...args], { cwd: repo, env });
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}
