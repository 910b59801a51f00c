#!/usr/bin/env node
import { Command } from "commander";
import { ConfigError, loadConfig } from "./config.js";
import { createLogger, startServer } from "./main.js";
import { generateDevPki } from "./pki/index.js";

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
  .command("dev-certs")
  .description("(re)create the development PKI: root, intermediate, TSA and officer certificates")
  .argument("[dir]", "output directory", "certs-dev")
  .option("--password <password>", "password of the officers' PKCS#12 files (default: OFFICER_KEY_PASSWORD or mohar-dev)")
  .action(async (dir: string, opts: { password?: string }) => {
    const password = opts.password ?? process.env.OFFICER_KEY_PASSWORD ?? "mohar-dev";
    const result = await generateDevPki(dir, { password });
    console.log(`development PKI written to ${result.dir}: root, intermediate, TSA, officers ${result.officers.map((o) => o.id).join(", ")}`);
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(`mohar: ${err.message}`);
    process.exit(2);
  }
  console.error(`mohar: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
