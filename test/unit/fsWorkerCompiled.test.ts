import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import ts from "typescript";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

/** What fsWorker.ts needs, compiled: it and what it imports. */
const SOURCES = ["src/store/fsWorker.ts", "src/store/errors.ts", "src/errors.ts", "src/errorCodes.ts"];

/** A round trip through the worker as the service runs it, in plain node: create, fsync, link, read, unlink. */
const ROUND_TRIP = `
import fs from "node:fs";
import path from "node:path";
import { FsWorker } from "./src/store/fsWorker.js";
const dir = process.argv[2];
const worker = new FsWorker();
const tmp = path.join(dir, "tmp-1");
const target = path.join(dir, "a", "b", "object");
await worker.call({ op: "create", path: tmp, body: Buffer.from("compiled by tsc") });
await worker.call({ op: "fsync", path: tmp, created: true });
const made = await worker.call({ op: "link", from: tmp, to: target });
await worker.call({ op: "fsync", path: path.dirname(target) });
const read = await worker.call({ op: "read", path: target, max: 1024 });
await worker.call({ op: "unlink", path: target });
process.stdout.write(JSON.stringify({ made, read: read.toString(), tmpLeft: fs.existsSync(tmp), targetLeft: fs.existsSync(target) }));
`;

describe("the store's file-system worker compiled by tsc (as the service runs it)", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-fsworker-tsc-"));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("runs its worker from tsc's output: create, fsync, link with the directories it needs, read, unlink", async () => {
    const configFile = ts.readConfigFile("tsconfig.json", (f) => ts.sys.readFile(f));
    const { options } = ts.parseJsonConfigFileContent(configFile.config, ts.sys, process.cwd());
    const out = path.join(dir, "out");
    for (const source of SOURCES) {
      // As .mts: ES module output, as tsc emits for this package ("type": "module"), which transpileModule cannot see.
      const { outputText } = ts.transpileModule(await fs.readFile(source, "utf8"), { compilerOptions: { ...options, sourceMap: false }, fileName: source.replace(/\.ts$/, ".mts") });
      const file = path.join(out, source.replace(/\.ts$/, ".js"));
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, outputText);
    }
    await fs.writeFile(path.join(out, "package.json"), JSON.stringify({ type: "module" }));
    await fs.writeFile(path.join(out, "roundTrip.js"), ROUND_TRIP);
    const data = path.join(dir, "data");
    await fs.mkdir(data);
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(out, "roundTrip.js"), data], { env: { ...process.env, NODE_OPTIONS: "" } });
    expect(JSON.parse(stdout)).toEqual({ made: [path.join(data, "a"), path.join(data, "a", "b")], read: "compiled by tsc", tmpLeft: false, targetLeft: false });
  });
});
