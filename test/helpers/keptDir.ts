import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/**
 * A directory made once and kept in the temp dir for later test files (template clusters):
 * `dir` when `marker` (a path inside it) exists, else built by `build` in a fresh directory from
 * `makeBuildDir` and renamed to `dir` atomically, so a test file running at the same time sees a
 * whole one or builds its own (the loser's copy is removed).
 */
export async function keptDir(dir: string, marker: string, build: (into: string) => Promise<void>, makeBuildDir = () => fs.mkdtemp(path.join(os.tmpdir(), "mohar-kept-building-"))): Promise<string> {
  try {
    await fs.access(path.join(dir, marker));
    return dir;
  } catch {
    const building = await makeBuildDir();
    await build(building);
    await fs.rename(building, dir).catch(() => fs.rm(building, { recursive: true, force: true }));
    return dir;
  }
}
