import fs from "node:fs";
import { enableCompileCache } from "node:module";
import os from "node:os";
import path from "node:path";

/**
 * Node's compile cache for the built CLI (#16): the modules a command loads are compiled once and
 * read back on later runs, so `mohar verify` over a folder of PDFs does not compile the verifier
 * for every file. The cache is code Node runs, so it lives only in a directory this user owns and
 * nobody else may write or swap (its ancestors are checked too): $XDG_CACHE_HOME/mohar (or ~/.cache/mohar), else one per user in the
 * temporary directory; a directory that fails the check (another owner, a symlink, writable by
 * others) is not used, and without a usable one the CLI runs uncached. NODE_COMPILE_CACHE and
 * NODE_DISABLE_COMPILE_CACHE keep their meaning. Returns the directory used, or null.
 */
export function enableCliCompileCache(env: NodeJS.ProcessEnv = process.env): string | null {
  const uid = process.getuid?.();
  if (uid === undefined || env.NODE_COMPILE_CACHE || env.NODE_DISABLE_COMPILE_CACHE) return null;
  const home = env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  for (const dir of [path.join(home, "mohar", "compile-cache"), path.join(os.tmpdir(), `mohar-compile-cache-${uid}`)]) {
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const st = fs.lstatSync(dir);
      if (!st.isDirectory() || st.uid !== uid || (st.mode & 0o022) !== 0 || !safeAncestors(dir, uid)) continue;
      return enableCompileCache(dir).directory ?? null;
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
