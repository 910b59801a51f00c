#!/usr/bin/env node
import { Command } from "commander";
import { ConfigError, loadConfig } from "./config.js";
import { createLogger, startServer } from "./main.js";

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

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(`mohar: ${err.message}`);
    process.exit(2);
  }
  console.error(`mohar: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
