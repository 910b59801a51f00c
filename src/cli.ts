#!/usr/bin/env node
import { readFile } from "node:fs/promises";
import { Command } from "commander";
import { verifyExport } from "./audit/index.js";
import { ConfigError, loadConfig } from "./config.js";
import { createLogger, startServer } from "./main.js";
import { generateDevPki } from "./pki/index.js";
import { runVerifyCommand } from "./verification/index.js";

const program = new Command();
program.name("mohar").description("PDF digital-signing and document vault service");

program
  .command("serve")
  .description("run the HTTP service (configured from the environment)")
  .action(async () => {
    const config = loadConfig();
    const logger = createLogger(config);
    const running = await startServer(config, logger);
    let stopping = false;
    const stop = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, "shutting down");
      running.close().then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err }, "shutdown failed");
          process.exit(1);
        },
      );
    };
    process.on("SIGINT", () => stop("SIGINT"));
    process.on("SIGTERM", () => stop("SIGTERM"));
  });

program
  .command("audit")
  .description("audit log tools")
  .command("verify")
  .argument("<export>", "an export from GET /v1/audit/export")
  .option("--key <vkey>", "trusted log verifier key (name+keyid+base64); default: the key inside the export")
  .option("--checkpoint <note...>", "checkpoint notes saved earlier (GET /v1/audit/checkpoint): the export must still contain them")
  .description("check an audit export offline: hash chain, Merkle tree, checkpoint signatures and consistency")
  .action(async (file: string, opts: { key?: string; checkpoint?: string[] }) => {
    let doc: unknown;
    try {
      doc = JSON.parse(await readFile(file, "utf8"));
    } catch (err) {
      throw new Error(`${file} is not a readable JSON export: ${err instanceof Error ? err.message : String(err)}`);
    }
    const saved = await Promise.all((opts.checkpoint ?? []).map((f) => readFile(f, "utf8")));
    const report = verifyExport(doc, opts.key, saved);
    const latest = report.checkpoints.at(-1);
    console.log(`log ${report.origin}, key ${report.verifierKey}${opts.key ? " (trusted)" : " (from the export: compare it with the key you trust)"}`);
    console.log(`${report.size} entries in sequence; ${report.checkpoints.length} signed checkpoints verified; latest size ${latest?.size ?? 0}, root ${latest?.root.toString("base64") ?? "-"}`);
    const [first, ...more] = report.findings;
    if (!first) {
      console.log("OK: hash chain intact, every checkpoint signature valid, roots match and are mutually consistent");
      return;
    }
    console.log(`FAIL: ${first.seq !== null ? `first bad entry: seq ${first.seq}: ` : ""}${first.reason}`);
    for (const f of more) console.log(`  also: ${f.reason}`);
    process.exitCode = 1;
  });

program
  .command("dev-certs")
  .description("(re)create the development PKI: root, intermediate, TSA and officer certificates")
  .argument("[dir]", "output directory", "certs-dev")
  .option("--password <password>", "password of the officers' PKCS#12 files (default: OFFICER_KEY_PASSWORD or mohar-dev)")
  .action(async (dir: string, opts: { password?: string }) => {
    const password = opts.password ?? process.env.OFFICER_KEY_PASSWORD ?? "mohar-dev";
    const result = await generateDevPki(dir, { password });
    console.log(`development PKI written to ${result.dir}: root, intermediate, TSA, officers ${result.officers.map((o) => o.id).join(", ")}`);
  });

program
  .command("verify")
  .description("verify every signature of a PDF; exit 0 only when all pass and nothing disallowed changed after them")
  .argument("<file>", "the PDF to verify")
  .option("--trust <pemOrDir>", "trust anchors: a PEM file or a directory of PEMs (default: TRUST_DIR or certs-dev/root.pem)")
  .option("--json", "print the report as JSON")
  .action((file: string, opts: { trust?: string; json?: boolean }) => {
    const trust = opts.trust ?? loadConfig().trustPath;
    const { stdout, stderr, exitCode } = runVerifyCommand(file, trust, opts.trust !== undefined, opts.json === true);
    process.stdout.write(stdout);
    process.stderr.write(stderr);
    process.exitCode = exitCode;
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(`mohar: ${err.message}`);
    process.exit(2);
  }
  console.error(`mohar: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
