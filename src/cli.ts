#!/usr/bin/env node
import { Command, Option } from "commander";
import { ApiKeyStore, ROLES, type Role } from "./auth/index.js";
import { ConfigError, loadConfig } from "./config.js";
import { createLogger, startServer } from "./main.js";
import { generateDevPki } from "./pki/index.js";
import { openStore } from "./store/index.js";
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
  .command("dev-certs")
  .description("(re)create the development PKI: root, intermediate, TSA and officer certificates")
  .argument("[dir]", "output directory", "certs-dev")
  .option("--password <password>", "password of the officers' PKCS#12 files (default: OFFICER_KEY_PASSWORD or mohar-dev)")
  .action(async (dir: string, opts: { password?: string }) => {
    const password = opts.password ?? process.env.OFFICER_KEY_PASSWORD ?? "mohar-dev";
    const result = await generateDevPki(dir, { password });
    console.log(`development PKI written to ${result.dir}: root, intermediate, TSA, officers ${result.officers.map((o) => o.id).join(", ")}`);
  });

/** Runs `fn` against the configured store (the same one `mohar serve` uses), then closes it. */
async function withApiKeys<T>(fn: (keys: ApiKeyStore) => Promise<T>): Promise<T> {
  const store = await openStore(loadConfig().store);
  try {
    return await fn(new ApiKeyStore(store));
  } finally {
    await store.close();
  }
}

const keys = program.command("keys").description("manage API keys (writes directly to the configured store)");

keys
  .command("create")
  .description("create an API key and print it once on stdout; only its hash is stored")
  .addOption(new Option("--role <role>", "what the key may do").choices(ROLES).makeOptionMandatory())
  .requiredOption("--name <name>", "who or what holds the key")
  .option("--officer <id>", "for --role officer: the officer whose certificate the key signs with")
  .action(async (opts: { role: Role; name: string; officer?: string }) => {
    const { key, record } = await withApiKeys((k) => k.create({ role: opts.role, name: opts.name, officerId: opts.officer }));
    console.error(`created API key ${record.keyId} (role ${record.role}${record.officerId ? `, officer ${record.officerId}` : ""}); it is shown only now:`);
    process.stdout.write(`${key}\n`);
  });

keys
  .command("list")
  .description("list API keys (ids, roles, names; never secrets)")
  .action(async () => {
    for (const k of await withApiKeys((s) => s.list())) {
      console.log([k.keyId, k.role, k.officerId ?? "-", k.revoked ? "revoked" : "active", k.createdAt, k.name].join("\t"));
    }
  });

keys
  .command("revoke")
  .description("revoke an API key by its id (takes effect on running servers within 30 s)")
  .argument("<keyId>")
  .action(async (keyId: string) => {
    await withApiKeys((s) => s.revoke(keyId));
    console.error(`revoked API key ${keyId}`);
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
