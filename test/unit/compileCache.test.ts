import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mohar-ccache-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** enableCliCompileCache in a child process (it changes the process that calls it). */
function enabledIn(env: Record<string, string>): string {
  const script = 'import { enableCliCompileCache } from "./src/compileCache.ts"; process.stdout.write(String(enableCliCompileCache()));';
  const clean = { ...process.env };
  delete clean.NODE_COMPILE_CACHE;
  delete clean.NODE_DISABLE_COMPILE_CACHE;
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8", env: { ...clean, ...env } });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

describe("the CLI's compile cache (#16)", () => {
  it("lives in the user's cache directory, made private, and only in a directory nobody else may write", () => {
    const xdg = path.join(dir, "xdg");
    const own = path.join(xdg, "mohar", "compile-cache");
    expect(enabledIn({ XDG_CACHE_HOME: xdg })).toBe(own);
    expect(fs.statSync(own).mode & 0o077).toBe(0);

    // A cache directory others may write is not used: the per-user one in the temporary directory is.
    const shared = path.join(dir, "shared");
    fs.mkdirSync(path.join(shared, "mohar", "compile-cache"), { recursive: true });
    fs.chmodSync(path.join(shared, "mohar", "compile-cache"), 0o777);
    const tmp = path.join(dir, "tmp");
    fs.mkdirSync(tmp);
    expect(enabledIn({ XDG_CACHE_HOME: shared, TMPDIR: tmp })).toBe(path.join(tmp, `mohar-compile-cache-${process.getuid?.()}`));

    // Neither usable (a symlink, a file): no cache. NODE_DISABLE_COMPILE_CACHE is obeyed.
    const bad = path.join(dir, "bad");
    fs.mkdirSync(path.join(bad, "mohar"), { recursive: true });
    fs.symlinkSync(tmp, path.join(bad, "mohar", "compile-cache"));
    const tmpFile = path.join(dir, "tmpfile");
    fs.mkdirSync(tmpFile);
    fs.writeFileSync(path.join(tmpFile, `mohar-compile-cache-${process.getuid?.()}`), "");
    expect(enabledIn({ XDG_CACHE_HOME: bad, TMPDIR: tmpFile })).toBe("null");
    expect(enabledIn({ XDG_CACHE_HOME: xdg, NODE_DISABLE_COMPILE_CACHE: "1" })).toBe("null");
  });
});
