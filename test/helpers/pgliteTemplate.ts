import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import { migrateToLatest, openDatabase } from "../../src/db/database.js";
import { keptDir } from "./keptDir.js";

// Its exports map hides package.json from require(); the file is read where npm put it.
const pgliteVersion = (JSON.parse(readFileSync(new URL("../../node_modules/@electric-sql/pglite/package.json", import.meta.url), "utf8")) as { version: string }).version;

/** Schema of a seeded cluster: `current` has mohar's migrations applied, `empty` has none. */
export type SeedSchema = "current" | "empty";

const run = promisify(execFile);

/**
 * Copies a cluster (about 1,100 files, 40 MB) into `to` with cp(1): Node's fs.cp walks them in
 * JavaScript, most of a second of the test process's CPU per test server (a suite seeds well over
 * a hundred), cp a tenth of that. `-a` keeps the modes, as fs.cp did.
 */
async function copyCluster(from: string, to: string): Promise<void> {
  await fs.mkdir(to, { recursive: true });
  await run("cp", ["-a", `${from}/.`, to]);
}

/** A cluster kept in the temp dir under `dir`, built by `build` once (keptDir.ts). */
const kept = (dir: string, build: (into: string) => Promise<void>): Promise<string> => keptDir(dir, "PG_VERSION", build);

/**
 * An empty PGlite cluster, made once per PGlite version and kept in the temp dir: creating one
 * (initdb in WASM) takes seconds, copying one a fraction of that. Its buffer pool is 16 MB instead
 * of PostgreSQL's 128 MB: setting up the pool is most of what opening a cluster costs (about 0.6 s
 * of CPU against 0.2 s), and a test database holds a few rows. The schema, the queries and every
 * other setting are mohar's own; clusters mohar creates itself keep PGlite's defaults.
 */
function emptyTemplate(): Promise<string> {
  return kept(path.join(os.tmpdir(), `mohar-pglite-template-${pgliteVersion}-sb16`), async (into) => {
    const pglite = await PGlite.create(into);
    await pglite.close();
    const conf = path.join(into, "postgresql.conf");
    const text = await fs.readFile(conf, "utf8");
    if (!/^shared_buffers = /m.test(text)) throw new Error(`no shared_buffers line in PGlite's ${conf}`);
    await fs.writeFile(conf, text.replace(/^shared_buffers = .*$/m, "shared_buffers = 16MB"));
  });
}

/**
 * The empty cluster with mohar's migrations applied, made once per PGlite version and migrations
 * source (a changed migration makes a new one). Every test server would otherwise run the same
 * migrations on a fresh cluster (hundreds of times a suite); migrating an empty cluster is tested
 * where it matters (`mohar db migrate`, the upgrade tests), which ask for `empty`.
 */
async function migratedTemplate(): Promise<string> {
  const source = await fs.readFile(new URL("../../src/db/migrations.ts", import.meta.url));
  const tag = createHash("sha256").update(source).digest("hex").slice(0, 16);
  const empty = await emptyTemplate();
  return kept(path.join(os.tmpdir(), `mohar-pglite-migrated-${pgliteVersion}-sb16-${tag}`), async (into) => {
    await copyCluster(empty, into);
    const open = await openDatabase({ engine: "pglite", dataDir: into });
    try {
      await migrateToLatest(open.db);
    } finally {
      await open.close();
    }
  });
}

/** Puts a PGlite cluster at `<dataDir>/db`, where mohar looks for its embedded database. */
export async function seedPgliteDataDir(dataDir: string, schema: SeedSchema = "current"): Promise<void> {
  await seedPgliteDir(path.join(dataDir, "db"), schema);
}

/** Puts a PGlite cluster at `dir`, unless one is there already (a restart keeps its data). */
export async function seedPgliteDir(dir: string, schema: SeedSchema = "current"): Promise<void> {
  try {
    await fs.access(path.join(dir, "PG_VERSION"));
    return;
  } catch {
    await copyCluster(schema === "current" ? await migratedTemplate() : await emptyTemplate(), dir);
  }
}
