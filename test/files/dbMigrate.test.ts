import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, expect, it } from "vitest";
import { seedPgliteDataDir } from "../helpers/pgliteTemplate.js";

const run = promisify(execFile);
let dataDir: string | undefined;
afterAll(async () => {
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

it("`mohar db migrate` applies the schema once, then finds it current", async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-migrate-"));
  await seedPgliteDataDir(dataDir, "empty");
  const migrate = () => run(process.execPath, ["--import", "tsx", "src/cli.ts", "db", "migrate"], { env: { ...process.env, DATA_DIR: dataDir } });
  expect((await migrate()).stderr).toContain("applied migrations: 0001_files");
  expect((await migrate()).stderr).toContain("the pglite database schema is current");
});
