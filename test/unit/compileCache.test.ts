import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
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

    // A relative XDG_CACHE_HOME is invalid (XDG specification): ~/.cache is used, not a directory under the working one.
    const home = path.join(dir, "home");
    fs.mkdirSync(home, { mode: 0o700 });
    expect(enabledIn({ XDG_CACHE_HOME: "relative-cache", HOME: home })).toBe(path.join(home, ".cache", "mohar", "compile-cache"));
    expect(fs.existsSync(path.resolve("relative-cache"))).toBe(false);

    // NODE_COMPILE_CACHE names the directory (Node's own cache is there already), when it passes the same check.
    const named = path.join(dir, "named");
    expect(enabledIn({ XDG_CACHE_HOME: xdg, NODE_COMPILE_CACHE: named })).toBe(named);
    fs.chmodSync(named, 0o777);
    expect(enabledIn({ XDG_CACHE_HOME: xdg, NODE_COMPILE_CACHE: named })).toBe("null");
  });
});

/** loadCachedScript on `file` in a child process: what the script's `answer()` gave and whether the code came from the cache. */
function runScript(file: string, env: Record<string, string>, keep: boolean): { answer: number; fromCache: boolean } {
  const script = `import { cliCacheDir, loadCachedScript } from "./src/compileCache.ts"; const s = loadCachedScript(${JSON.stringify(file)}, cliCacheDir()); const answer = s.exports.answer(); ${keep ? "s.keepCompiledCode();" : ""} process.stdout.write(JSON.stringify({ answer, fromCache: s.fromCache }));`;
  const clean = { ...process.env };
  delete clean.NODE_COMPILE_CACHE;
  delete clean.NODE_DISABLE_COMPILE_CACHE;
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8", env: { ...clean, ...env } });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { answer: number; fromCache: boolean };
}

describe("the verify script's code cache, taken after a run (#16)", () => {
  it("is kept by keepCompiledCode in the private directory, one per script, used by later runs and replaced when the script changes", () => {
    const xdg = path.join(dir, "scripts-xdg");
    const cacheDir = path.join(xdg, "mohar", "compile-cache");
    const file = path.join(dir, "bundle.cjs");
    fs.writeFileSync(file, "const twice = (n) => n * 2;\nexports.answer = () => twice(21) + require('node:path').sep.length - 1;\n");
    const cached = (): string[] => (fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir).filter((f) => f.endsWith(".v8cache")) : []);

    // Nothing is written until the caller says the run is worth keeping.
    expect(runScript(file, { XDG_CACHE_HOME: xdg }, false)).toEqual({ answer: 42, fromCache: false });
    expect(cached()).toEqual([]);
    expect(runScript(file, { XDG_CACHE_HOME: xdg }, true)).toEqual({ answer: 42, fromCache: false });
    expect(cached()).toEqual([expect.stringMatching(/^bundle\.cjs-[0-9a-f]{8}-[0-9a-f]{32}\.v8cache$/)]);
    const [first] = cached();
    expect(fs.statSync(path.join(cacheDir, first as string)).mode & 0o077).toBe(0);
    expect(runScript(file, { XDG_CACHE_HOME: xdg }, true)).toEqual({ answer: 42, fromCache: true });

    // A changed script (even of the same length: V8 checks only the length) is compiled and cached anew; the old cache goes.
    fs.writeFileSync(file, "const twice = (n) => n * 3;\nexports.answer = () => twice(21) + require('node:path').sep.length - 1;\n");
    expect(runScript(file, { XDG_CACHE_HOME: xdg }, true)).toEqual({ answer: 63, fromCache: false });
    expect(cached()).toHaveLength(1);
    expect(cached()).not.toContain(first);
    expect(runScript(file, { XDG_CACHE_HOME: xdg }, false)).toEqual({ answer: 63, fromCache: true });

    // A cache V8 refuses (here: garbage) is replaced; NODE_DISABLE_COMPILE_CACHE reads and writes none.
    const [current] = cached();
    fs.writeFileSync(path.join(cacheDir, current as string), "not a code cache");
    expect(runScript(file, { XDG_CACHE_HOME: xdg }, true)).toEqual({ answer: 63, fromCache: false });
    expect(runScript(file, { XDG_CACHE_HOME: xdg }, false)).toEqual({ answer: 63, fromCache: true });
    expect(runScript(file, { XDG_CACHE_HOME: xdg, NODE_DISABLE_COMPILE_CACHE: "1" }, true)).toEqual({ answer: 63, fromCache: false });
    const other = path.join(dir, "scripts-other");
    expect(runScript(file, { XDG_CACHE_HOME: other, NODE_DISABLE_COMPILE_CACHE: "1" }, true)).toEqual({ answer: 63, fromCache: false });
    expect(fs.existsSync(path.join(other, "mohar"))).toBe(false);
  });
});

describe("the verify script's code cache: installs and failed writes (#16)", () => {
  it("keeps one cache per install: another path's script of the same name leaves it alone", () => {
    const xdg = path.join(dir, "installs-xdg");
    const cacheDir = path.join(xdg, "mohar", "compile-cache");
    const [a, b] = ["a", "b"].map((d) => path.join(dir, "installs", d, "bundle.cjs")) as [string, string];
    fs.mkdirSync(path.dirname(a), { recursive: true });
    fs.mkdirSync(path.dirname(b), { recursive: true });
    fs.writeFileSync(a, "exports.answer = () => 1;\n");
    fs.writeFileSync(b, "exports.answer = () => 2;\n");
    expect(runScript(a, { XDG_CACHE_HOME: xdg }, true)).toEqual({ answer: 1, fromCache: false });
    expect(runScript(b, { XDG_CACHE_HOME: xdg }, true)).toEqual({ answer: 2, fromCache: false });
    expect(fs.readdirSync(cacheDir).filter((f) => f.endsWith(".v8cache"))).toHaveLength(2);
    expect(runScript(a, { XDG_CACHE_HOME: xdg }, false)).toEqual({ answer: 1, fromCache: true });
    expect(runScript(b, { XDG_CACHE_HOME: xdg }, false)).toEqual({ answer: 2, fromCache: true });
  });

  it("leaves nothing half written when the write fails, and does not make the cache again in that run", () => {
    // The cache's name taken by a directory: the renaming fails after the write, for root too (as ENOSPC or EIO would fail it).
    const cacheDir = path.join(dir, "failing-cache");
    fs.mkdirSync(cacheDir, { mode: 0o700 });
    const file = path.join(dir, "failing-bundle.cjs");
    const source = "exports.answer = () => 7;\n";
    fs.writeFileSync(file, source);
    const hash = (...parts: string[]): string => parts.reduce((h, p) => h.update(p), createHash("sha256")).digest("hex");
    const name = `failing-bundle.cjs-${hash(file).slice(0, 8)}-${hash(`${process.version} ${process.arch}\0`, source).slice(0, 32)}.v8cache`;
    fs.mkdirSync(path.join(cacheDir, name, "in-the-way"), { recursive: true });
    const script = `import fs from "node:fs"; import vm from "node:vm"; import { loadCachedScript } from "./src/compileCache.ts";
      let made = 0; const create = vm.Script.prototype.createCachedData; vm.Script.prototype.createCachedData = function () { made++; return create.call(this); };
      for (let i = 0; i < 2; i++) { const s = loadCachedScript(${JSON.stringify(file)}, ${JSON.stringify(cacheDir)}); s.exports.answer(); s.keepCompiledCode(); }
      process.stdout.write(JSON.stringify({ made, files: fs.readdirSync(${JSON.stringify(cacheDir)}) }));`;
    const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ made: 1, files: [name] });
  });
});
