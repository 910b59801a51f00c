import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runVerifyCommand } from "../../src/verification/index.js";
import { makeTestPki, type TestPki } from "../helpers/testPki.js";
import { makePdf, signPdf } from "../helpers/testSigner.js";

let pki: TestPki;
let dir: string;
let good: string;
let tampered: string;

beforeAll(async () => {
  pki = makeTestPki();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "mohar-cli-"));
  const signed = await signPdf(await makePdf(), pki, { fieldName: "Approver" });
  good = path.join(dir, "good.pdf");
  tampered = path.join(dir, "tampered.pdf");
  fs.writeFileSync(good, signed);
  fs.writeFileSync(tampered, Buffer.concat([signed, Buffer.from("\nappended junk\n")]));
});
afterAll(() => {
  pki.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("mohar verify", () => {
  it("exits 0 for a valid document and prints a human table", async () => {
    const r = await runVerifyCommand(good, pki.rootPem, true, false);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("Signature 1: Approver (ETSI.CAdES.detached)");
    expect(r.stdout).toContain("Status:        TOTAL_PASSED");
  });

  it("exits 1 for appended data or an untrusted signer, and prints JSON with --json", async () => {
    const r = await runVerifyCommand(tampered, pki.rootPem, true, true);
    expect(r.exitCode).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: "TOTAL_FAILED", trailingBytes: 15 });
    const otherDir = fs.mkdtempSync(path.join(dir, "trust-"));
    expect((await runVerifyCommand(good, otherDir + "/missing.pem", false, false)).exitCode).toBe(1);
  });

  it("exits 2 for unreadable input or a bad trust path", async () => {
    const garbage = path.join(dir, "garbage.pdf");
    fs.writeFileSync(garbage, "not a pdf");
    expect(await runVerifyCommand(garbage, pki.rootPem, true, false)).toMatchObject({ exitCode: 2, stderr: expect.stringContaining("not a PDF") });
    expect((await runVerifyCommand(path.join(dir, "nope.pdf"), pki.rootPem, true, false)).exitCode).toBe(2);
    expect((await runVerifyCommand(good, path.join(dir, "no-such-trust"), true, false)).exitCode).toBe(2);
  });

  it("is wired into the mohar command", async () => {
    const cli = path.resolve("src/cli.ts");
    const r = spawnSync(process.execPath, ["--import", "tsx", cli, "verify", good, "--trust", pki.rootPem, "--json"], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: "TOTAL_PASSED", signatureCount: 1 });
  });

  it("runs from the build's bundle (scripts/bundleCli.mjs), which loads a few files and runs the verifier as one script with its code cache", () => {
    const out = path.resolve("test-artifacts", `cli-bundle-${process.pid}`);
    try {
      const built = spawnSync(process.execPath, ["scripts/bundleCli.mjs", out], { encoding: "utf8" });
      expect(built.status, built.stderr).toBe(0);
      // Everything but the verify path stays an import of tsc's output, next to the bundle.
      expect(fs.readFileSync(path.join(out, "cli.js"), "utf8")).toContain('import("./main.js")');
      // The verify path is only in verify.cjs, not also in ES module chunks of cli.js.
      expect(fs.readdirSync(path.join(out, "cli")).filter((f) => f.startsWith("verifyCli"))).toEqual([]);
      // The verify script runs in strict mode: its first statement is the directive (the build checks it too).
      expect(fs.readFileSync(path.join(out, "cli", "verify.cjs"), "utf8").split("\n")[0]).toBe('"use strict";');
      const hook = path.join(out, "countModules.mjs");
      fs.writeFileSync(hook, 'import { registerHooks } from "node:module"; let n = 0; registerHooks({ load(u, c, next) { if (u.startsWith("file:")) n++; return next(u, c); } }); process.on("exit", () => process.stderr.write(`modules ${n}\n`));');
      const r = spawnSync(process.execPath, ["--import", hook, path.join(out, "cli.js"), "verify", good, "--trust", pki.rootPem, "--json"], { encoding: "utf8", env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: "1" } });
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ status: "TOTAL_PASSED", signatureCount: 1 });
      const files = Number(/modules (\d+)/.exec(r.stderr)?.[1]);
      expect(files).toBeGreaterThan(1);
      expect(files).toBeLessThan(12);
      // The verifier itself is one script (dist/cli/verify.cjs), run with V8's code cache of an
      // earlier run: the first run that verifies a signature keeps it, later runs answer the same.
      const xdg = path.join(out, "xdg");
      const cached: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: xdg };
      delete cached.NODE_COMPILE_CACHE;
      delete cached.NODE_DISABLE_COMPILE_CACHE;
      const runs = [1, 2].map(() => spawnSync(process.execPath, [path.join(out, "cli.js"), "verify", good, "--trust", pki.rootPem], { encoding: "utf8", env: { ...cached, MOHAR_VERIFY_CACHE_REPORT: "1" } }));
      for (const run of runs) expect(run.status, run.stderr).toBe(0);
      expect(runs[1]?.stdout).toBe(runs[0]?.stdout);
      expect(runs[0]?.stdout).toContain("Status:        TOTAL_PASSED");
      expect(fs.readdirSync(path.join(xdg, "mohar", "compile-cache")).filter((f) => /^verify\.cjs-[0-9a-f]{8}-[0-9a-f]{32}\.v8cache$/.test(f))).toHaveLength(1);
      // The second run read the cache, and V8 accepted it.
      expect(runs.map((run) => run.stderr)).toEqual(["mohar: verify script code cache not used\n", "mohar: verify script code cache used\n"]);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
