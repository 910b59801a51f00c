import fs from "node:fs";
import { createRequire, enableCompileCache } from "node:module";
import os from "node:os";
import path from "node:path";

/**
 * Node's compile cache for the built CLI (#16): the modules a command loads are compiled once and
 * read back on later runs, so `mohar verify` over a folder of PDFs does not compile the verifier
 * for every file. The cache is code Node runs, so it lives only in a directory this user owns and
 * nobody else may write or swap (its ancestors are checked too): `cliCacheDir`. Returns the
 * directory used, or null; also the directory `loadCachedScript` keeps the verify script's cache
 * in (found once per run and passed along).
 */
export function enableCliCompileCache(env: NodeJS.ProcessEnv = process.env): string | null {
  const dir = cliCacheDir(env);
  // With NODE_COMPILE_CACHE, Node enabled its cache there itself at start.
  if (!dir || env.NODE_COMPILE_CACHE) return dir;
  return enableCompileCache(dir).directory ?? null;
}

/**
 * The CLI's cache directory: $XDG_CACHE_HOME/mohar/compile-cache (an XDG_CACHE_HOME that is not
 * absolute is ignored, as the XDG specification says) or ~/.cache/mohar/compile-cache, else one per
 * user in the temporary directory, the first this user alone owns and may write (made if missing).
 * NODE_COMPILE_CACHE and NODE_DISABLE_COMPILE_CACHE keep their meaning, for both Node's cache and
 * the verify script's: disabled, or the directory NODE_COMPILE_CACHE names, if it passes the same
 * check. A directory that fails it (another owner, a symlink, writable by others) is not used;
 * without a usable one the CLI runs uncached (null).
 */
export function cliCacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const uid = process.getuid?.();
  if (uid === undefined || env.NODE_DISABLE_COMPILE_CACHE) return null;
  const xdg = env.XDG_CACHE_HOME;
  const home = xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), ".cache");
  const candidates = env.NODE_COMPILE_CACHE ? [path.resolve(env.NODE_COMPILE_CACHE)] : [path.join(home, "mohar", "compile-cache"), path.join(os.tmpdir(), `mohar-compile-cache-${uid}`)];
  for (const dir of candidates) {
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const st = fs.lstatSync(dir);
      if (st.isDirectory() && st.uid === uid && (st.mode & 0o022) === 0 && safeAncestors(dir, uid)) return dir;
    } catch {
      continue;
    }
  }
  return null;
}

/**
 * Whether no one but this user (or root) could swap `dir` for another directory: every ancestor
 * is owned by root or the user and writable by no one else, unless sticky (as /tmp is: others may
 * not rename or remove what this user owns there).
 */
function safeAncestors(dir: string, uid: number): boolean {
  for (let p = path.dirname(dir); ; p = path.dirname(p)) {
    const st = fs.lstatSync(p);
    if (st.isSymbolicLink() && p !== "/") {
      // A symlinked ancestor (e.g. /tmp -> /private/tmp) is checked where it leads.
      if (!safeAncestors(path.join(fs.realpathSync(p), "x"), uid)) return false;
    } else if ((st.uid !== 0 && st.uid !== uid) || ((st.mode & 0o022) !== 0 && (st.mode & 0o1000) === 0)) {
      return false;
    }
    if (p === path.dirname(p)) return true;
  }
}

/** A CommonJS bundle run by `loadCachedScript`. */
export interface CachedScript<T> {
  exports: T;
  /** Whether V8 took its compiled code from the cache (else it compiled the bundle). */
  fromCache: boolean;
  /**
   * Keeps the code V8 has compiled so far, for the next run, when no usable cache was there: call
   * it after a run that used what later runs will use (V8 compiles a function when it first runs).
   */
  keepCompiledCode(): void;
}

/** Directories where writing a script's cache failed in this run (ENOSPC, EIO...): not tried again. */
const unwritable = new Set<string>();

/**
 * Runs a CommonJS bundle (scripts/bundleCli.mjs writes `mohar verify`'s as dist/cli/verify.cjs)
 * with V8's code cache taken after a whole run (#16). Node's compile cache (above) keeps only what
 * V8 compiles when a module loads, the top level: the functions a verification runs, most of
 * pkijs and asn1js among them, were compiled again in every process. Here the cache is made once
 * the command has run (`keepCompiledCode`), so it holds those functions too, and later runs
 * deserialize them instead. The cache is kept in `dir` (`cliCacheDir`; null: the bundle runs
 * uncached), named by a short hash of the bundle's absolute path (installs do not evict each
 * other's) and the SHA-256 of the bundle and Node's version (V8 itself checks only the source's
 * length), one per bundle path (an earlier build's goes), and replaced when V8 refuses it (runs
 * with other V8 flags than the run that made it: then runs alternating between two sets of flags
 * replace it in turn). Limits: the cache holds what the run that made it had compiled, and is not
 * refreshed while V8 accepts it (a later run that takes other paths compiles those each time).
 * The bundle must not `import()`: a script has no module loader.
 */
export function loadCachedScript<T>(file: string, dir: string | null): CachedScript<T> {
  // Loaded when used, not by every command that imports this file.
  const vm = process.getBuiltinModule("node:vm");
  const { createHash } = process.getBuiltinModule("node:crypto");
  const source = fs.readFileSync(file, "utf8");
  const stem = `${path.basename(file)}-${createHash("sha256").update(path.resolve(file)).digest("hex").slice(0, 8)}-`;
  const name = `${stem}${createHash("sha256").update(`${process.version} ${process.arch}\0`).update(source).digest("hex").slice(0, 32)}.v8cache`;
  const cacheFile = dir ? path.join(dir, name) : null;
  let cachedData: Buffer | undefined;
  try {
    if (cacheFile) cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  // The wrapper Node puts around a CommonJS module, on the source's first line (line numbers hold).
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  const module = { exports: {} as T };
  (script.runInThisContext() as (e: T, r: NodeJS.Require, m: { exports: T }, f: string, d: string) => void)(module.exports, createRequire(file), module, file, path.dirname(file));
  const fromCache = cachedData !== undefined && script.cachedDataRejected !== true;
  return {
    exports: module.exports,
    fromCache,
    keepCompiledCode: () => {
      if (!dir || !cacheFile || fromCache || unwritable.has(dir)) return;
      // Written beside and renamed: a run reading it meanwhile sees the whole cache or none.
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      try {
        // The caches of earlier builds (or flags) of this install's script, and what a crash left half written, go.
        for (const old of fs.readdirSync(dir)) if (old.startsWith(stem) && old !== name && old !== path.basename(tmp)) fs.rmSync(path.join(dir, old), { force: true });
        fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
        fs.renameSync(tmp, cacheFile);
      } catch {
        // A cache that could not be written costs the next run its compiling, nothing else; this
        // run does not make one again, and leaves no part of one behind.
        unwritable.add(dir);
        try {
          fs.rmSync(tmp, { force: true });
        } catch {
          // What is left is named as a crash's leftovers are: the next write removes it.
        }
      }
    },
  };
}
