import fs from "node:fs/promises";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";

// Its exports map hides package.json from require(); the file is read where npm put it.
const pgliteVersion = (JSON.parse(readFileSync(new URL("../../node_modules/@electric-sql/pglite/package.json", import.meta.url), "utf8")) as { version: string }).version;

/**
 * An empty PGlite cluster, made once per PGlite version and kept in the temp dir: creating one
 * (initdb in WASM) takes seconds, copying one a fraction of that. What mohar does to a fresh
 * cluster (its migrations) still runs in every test.
 */
async function template(): Promise<string> {
  const dir = path.join(os.tmpdir(), `mohar-pglite-template-${pgliteVersion}`);
  try {
    await fs.access(path.join(dir, "PG_VERSION"));
    return dir;
  } catch {
    const building = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-pglite-building-"));
    const pglite = await PGlite.create(building);
    await pglite.close();
    // Atomic: a concurrent test file either sees a whole template or builds its own.
    await fs.rename(building, dir).catch(() => fs.rm(building, { recursive: true, force: true }));
    return dir;
  }
}

/** Puts an empty PGlite cluster at `<dataDir>/db`, where mohar looks for its embedded database. */
export async function seedPgliteDataDir(dataDir: string): Promise<void> {
  await seedPgliteDir(path.join(dataDir, "db"));
}

/** Puts an empty PGlite cluster at `dir`, unless one is there already (a restart keeps its data). */
export async function seedPgliteDir(dir: string): Promise<void> {
  try {
    await fs.access(path.join(dir, "PG_VERSION"));
    return;
  } catch {
    await fs.cp(await template(), dir, { recursive: true });
  }
}
