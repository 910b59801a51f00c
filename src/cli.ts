#!/usr/bin/env node
import { Command, Option } from "commander";
import type { ApiKeyStore, Role } from "./auth/index.js";
import type { Config } from "./config.js";
import { MoharError } from "./errors.js";
import { addVerifyCommand } from "./cliVerify.js";
import { enableCliCompileCache } from "./compileCache.js";

// Each command imports what it uses when it runs: `mohar audit verify` or `mohar keys list` need
// neither the PDF engine nor the server (`mohar --help` took 3 s when everything loaded first).
// Even the configuration and the roles are read on demand: `mohar verify`, run over a folder of
// PDFs from a script, loads only the verifier (#16).

// The built CLI (a bundle: scripts/bundleCli.mjs) keeps what it compiles for its next run (#16).
const cacheDir = import.meta.url.endsWith(".js") ? enableCliCompileCache() : null;

const loadConfig = async (): Promise<Config> => (await import("./config.js")).loadConfig();

const program = new Command();
program.name("mohar").description("PDF digital-signing and document vault service");

program
  .command("serve")
  .description("run the HTTP service (configured from the environment)")
  .action(async () => {
    // libuv's pool runs both the RSA signatures and every fsync: with the default 4 threads, a
    // group commit's fsyncs (blocked on the disk) would hold up the signatures (#16). Read when
    // the pool starts, at the first use, which is after this line.
    process.env.UV_THREADPOOL_SIZE ??= "16";
    const { createLogger, startServer } = await import("./main.js");
    const config = await loadConfig();
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

const auditCommand = program.command("audit").description("audit log tools");

auditCommand
  .command("verify")
  .argument("[export]", "an export from GET /v1/audit/export")
  .option("--key <vkey>", "trusted log verifier key (name+keyid+base64); default: the key inside the export")
  .option("--checkpoint <note...>", "checkpoint notes saved earlier (GET /v1/audit/checkpoint): the export must still contain them")
  .option("--since <file>", "a checkpoint saved earlier: check only what was added since (with --url or --store)")
  .option("--url <url>", "with --since: read the service's audit API (auditor key: --api-key or MOHAR_API_KEY)")
  .option("--api-key <key>", "auditor API key for --url")
  .option("--save <file>", "with --since: write the new checkpoint there (default: print it)")
  .option("--witness <vkey...>", "with --since: the new checkpoint must carry valid cosignatures by these witnesses (C2SP tlog-cosignature verifier keys)")
  .option("--quorum <n>", "with --witness: how many of them must have cosigned (default: all)")
  .option("--store", "check the configured store's log itself, whole: entries, hash chain, hash tiles, latest checkpoint, batch intents, witness (what the service's start no longer reads)")
  .description("check an audit export offline (hash chain, Merkle tree, checkpoint signatures and consistency), with --store the stored log whole, or with --since only what was added since a saved checkpoint")
  .action(async (file: string | undefined, opts: { key?: string; checkpoint?: string[]; store?: boolean; since?: string; url?: string; apiKey?: string; save?: string; witness?: string[]; quorum?: string }) => {
    if (opts.since) {
      const { runVerifySince } = await import("./auditSince.js");
      await runVerifySince({ ...opts, since: opts.since }, loadConfig);
      return;
    }
    if (opts.store) {
      const { verifyStoredLog } = await import("./auditVerify.js");
      await verifyStoredLog(await loadConfig());
      return;
    }
    const { verifyExportFile } = await import("./auditVerify.js");
    await verifyExportFile(file, opts);
  });

program
  .command("witness")
  .description("witness tools")
  .command("serve")
  .description("run a C2SP tlog-witness for other offices' audit logs: POST /add-checkpoint checks each checkpoint against the last one it cosigned (consistency proof) and cosigns it")
  .requiredOption("--name <name>", "the witness's name, e.g. witness.district-a.gov.in/w1")
  .requiredOption("--log <vkey...>", "verifier key of a log to cosign (its GET /v1/audit/checkpoint?format=json .verifierKey)")
  .option("--key <file>", "its Ed25519 key (PEM), created when missing", "./witness/witness-key.pem")
  .option("--state <dir>", "where the latest cosigned checkpoint of each log is kept", "./witness/state")
  .option("--host <host>", "address to listen on", "127.0.0.1")
  .option("--port <port>", "port", "8090")
  .action(async (opts: { name: string; log: string[]; key: string; state: string; host: string; port: string }) => {
    const { serveWitness } = await import("./witnessServe.js");
    const running = await serveWitness({ name: opts.name, keyFile: opts.key, logs: opts.log, stateDir: opts.state, host: opts.host, port: Number(opts.port) });
    console.log(`witness ${opts.name} on ${running.url}/add-checkpoint; its verifier key (AUDIT_WITNESSES of the logs): ${running.verifierKey}`);
  });

auditCommand
  .command("migrate")
  .description("convert an audit log written before entry bundles (one object per entry) into C2SP entry bundles and hash tiles (resumable, verified; entry bytes, roots and signed checkpoints unchanged), so the service starts without reading the whole log")
  .action(async () => {
    const [{ CheckpointWitness, loadOrCreateLogKey, migrateToTiles }, { openStore }] = await Promise.all([import("./audit/index.js"), import("./store/index.js")]);
    const config = await loadConfig();
    const store = await openStore(config.store);
    try {
      const key = await loadOrCreateLogKey(config.audit.keyFile, config.audit.origin);
      const witness = config.audit.witnessFile ? new CheckpointWitness(config.audit.witnessFile) : undefined;
      const log = { info: (obj: object, msg: string) => console.error(msg, JSON.stringify(obj)), warn: (obj: object, msg: string) => console.error(`warning: ${msg}`, JSON.stringify(obj)) };
      const report = await migrateToTiles(store, key, witness, log);
      console.log(
        report.alreadyTiled
          ? `OK: the log is already in entry bundles with its hash tiles (size ${report.size}, root ${report.root.toString("base64")})`
          : `OK: entry bundles and hash tiles stored and checked: the log opens from them at size ${report.size}, root ${report.root.toString("base64")}`,
      );
    } finally {
      await store.close();
    }
  });

auditCommand
  .command("check-vault")
  .description("cross-check the configured store's vault against its audit log: every version the log made is there with its sha256, no number made twice, every stored version logged")
  .action(async () => {
    const [{ AuditLog, loadOrCreateLogKey }, { openStore }, { Vault }, { checkVaultAgainstLog }] = await Promise.all([
      import("./audit/index.js"),
      import("./store/index.js"),
      import("./vault/index.js"),
      import("./auditReconcile.js"),
    ]);
    const { DatabaseHandle } = await import("./db/index.js");
    const config = await loadConfig();
    const store = await openStore(config.store);
    const database = new DatabaseHandle(config.database);
    try {
      // Opening the log verifies its chain and checkpoints first, as the service does at start.
      const audit = await AuditLog.open({ store, key: await loadOrCreateLogKey(config.audit.keyFile, config.audit.origin) });
      try {
        const vault = await Vault.open(store, await database.get());
        const { checked, findings } = await checkVaultAgainstLog(vault, audit, (done, of) => {
          if (done % 1000 === 0) console.error(`checked ${done} of ${of} versions`);
        });
        console.log(`${checked} versions agree with the audit log (${audit.size} entries)`);
        if (findings.length === 0) {
          console.log("OK: every version the log made is in the vault as recorded, and every stored version is logged");
          return;
        }
        for (const f of findings) console.log(`FAIL: document ${f.documentId} version ${f.version}: ${f.reason}`);
        process.exitCode = 1;
      } finally {
        await audit.close();
      }
    } finally {
      await database.close();
      await store.close();
    }
  });

program
  .command("dev-certs")
  .description("(re)create the development PKI: root, intermediate, TSA and officer certificates, and the development eSign ESP (esp/)")
  .argument("[dir]", "output directory", "certs-dev")
  .option("--password <password>", "password of the officers' PKCS#12 files (default: OFFICER_KEY_PASSWORD or mohar-dev)")
  .action(async (dir: string, opts: { password?: string }) => {
    const password = opts.password ?? process.env.OFFICER_KEY_PASSWORD ?? "mohar-dev";
    const { generateDevPki } = await import("./pki/dev/index.js");
    const { generateDevEsp } = await import("./esign/index.js");
    const result = await generateDevPki(dir, { password });
    const residents = await generateDevEsp(dir);
    console.log(`development PKI written to ${result.dir}: root, intermediate, TSA, officers ${result.officers.map((o) => o.id).join(", ")}; development ESP with ${residents.length} residents`);
  });

/** Runs `fn` against the configured database (the same one `mohar serve` uses), then closes it. */
async function withApiKeys<T>(fn: (keys: ApiKeyStore) => Promise<T>): Promise<T> {
  const [{ DatabaseHandle }, { ApiKeyStore }] = await Promise.all([import("./db/index.js"), import("./auth/index.js")]);
  const database = new DatabaseHandle((await loadConfig()).database);
  try {
    return await fn(new ApiKeyStore(await database.get()));
  } finally {
    await database.close();
  }
}

const dbCommand = program.command("db").description("the metadata database (DATABASE_URL, or PGlite under DATA_DIR/db)");

dbCommand
  .command("import")
  .description("read the configured store's JSON metadata (documents and versions, officers, API keys, signing sessions; before the database) into the database; safe to run again")
  .action(async () => {
    const [{ DatabaseHandle }, { openStore }, { importStoreMetadata }] = await Promise.all([import("./db/index.js"), import("./store/index.js"), import("./dbImport.js")]);
    const config = await loadConfig();
    const store = await openStore(config.store);
    const database = new DatabaseHandle(config.database);
    try {
      const r = await importStoreMetadata(store, await database.get());
      console.log(`documents: ${r.documents.found} found, versions: ${r.documents.versionsFound} found, ${r.documents.versionsAdded} added`);
      console.log(`officers: ${r.officers.found} found, ${r.officers.added} added; API keys: ${r.apiKeys.found} found, ${r.apiKeys.added} added; signing sessions: ${r.signingSessions.found} found, ${r.signingSessions.added} added`);
      if (r.skippedVersions > 0) console.log(`skipped ${r.skippedVersions} version records of uploads that never got their description (not documents)`);
      for (const key of r.damaged) console.log(`DAMAGED: ${key} is not what its key says; not imported`);
      if (r.damaged.length > 0) process.exitCode = 1;
    } finally {
      await database.close();
      await store.close();
    }
  });

dbCommand
  .command("migrate")
  .description("bring the database schema to this version of mohar (the service also does this at start)")
  .action(async () => {
    const { DatabaseHandle } = await import("./db/index.js");
    const database = new DatabaseHandle((await loadConfig()).database);
    try {
      const { ready } = await database.ready();
      console.error(ready.applied.length ? `applied migrations: ${ready.applied.join(", ")}` : `the ${ready.engine} database schema is current`);
    } finally {
      await database.close();
    }
  });

const keys = program.command("keys").description("manage API keys (writes directly to the configured database)");

// The roles come from auth/ when a keys command is about to run (or show its help), not at start.
const roleOption = new Option("--role <role>", "what the key may do").makeOptionMandatory();
keys.hook("preSubcommand", async () => {
  roleOption.choices((await import("./auth/index.js")).ROLES);
});

keys
  .command("create")
  .description("create an API key and print it once on stdout; only its hash is stored")
  .addOption(roleOption)
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

function numberList(raw: string, count: number, what: string): number[] {
  const parts = raw.split(",").map((p) => Number(p.trim()));
  if (parts.length !== count || parts.some((n) => !Number.isFinite(n))) {
    throw new MoharError("cli.bad_option", `${what} must be ${count} comma-separated numbers, got ${JSON.stringify(raw)}`);
  }
  return parts;
}

program
  .command("sign")
  .description("sign a PDF with a PKCS#12 key (PAdES, incremental update, earlier signatures kept)")
  .argument("<in>", "PDF to sign")
  .requiredOption("--p12 <file>", "PKCS#12 file with the signer's key and certificate")
  .requiredOption("--password <password>", "password of the PKCS#12 file")
  .requiredOption("-o, --out <file>", "where to write the signed PDF")
  .option("--reason <reason>", "reason for signing")
  .option("--location <location>", "where the signature is made")
  .option("--contact <contact>", "signer's contact information")
  .option("--page <n>", "1-based page for the signature widget", "1")
  .option("--rect <llx,lly,urx,ury>", "visible signature rectangle in PDF points (invisible when absent)")
  .option("--certify", "certify the document (DocMDP, form filling and signing allowed); first signature only")
  .option("--tsa <url>", "RFC 3161 TSA URL: add a signature timestamp (PAdES B-T)")
  .option("--crl-dir <dir>", "CRLs to embed in the /DSS and to check the signer against (default: CRL_DIR or certs-dev/crl; \"\" for none)")
  .action(
    async (
      input: string,
      opts: {
        p12: string;
        password: string;
        out: string;
        reason?: string;
        location?: string;
        contact?: string;
        page: string;
        rect?: string;
        certify?: boolean;
        tsa?: string;
        crlDir?: string;
      },
    ) => {
      const [{ describeCertificate, RevocationSource, signingKeyFromP12 }, { signDocument }, { preparePdfSignature }, { readFile, writeFile }] = await Promise.all([
        import("./pki/index.js"),
        import("./signing/index.js"),
        import("./pdf/index.js"),
        // Not imported by every command: node:fs/promises loads readline and streams (#16).
        import("node:fs/promises"),
      ]);
      // An explicit directory must exist; the default one may be absent (no CRLs then).
      const revocation = opts.crlDir !== undefined ? (opts.crlDir ? RevocationSource.fromDir(opts.crlDir) : RevocationSource.empty()) : RevocationSource.fromDirIfPresent((await loadConfig()).pki.crlDir);
      const [pdf, p12] = await Promise.all([readFile(input), readFile(opts.p12)]);
      const key = signingKeyFromP12(p12, opts.password, { officerId: "cli", source: opts.p12 });
      const subject = describeCertificate(key.certificate).subjectAttributes;
      const [page] = numberList(opts.page, 1, "--page");
      const rect = opts.rect ? (numberList(opts.rect, 4, "--rect") as [number, number, number, number]) : undefined;
      const { pdf: signed, signature } = await signDocument({
        pdf,
        key,
        officer: { officerId: "cli", name: subject.commonName ?? "unknown signer", designation: subject.title },
        reason: opts.reason,
        location: opts.location,
        contactInfo: opts.contact,
        page,
        rect,
        certify: opts.certify === true,
        timestamp: opts.tsa !== undefined,
        tsaUrl: opts.tsa,
        revocation,
        // A local file has passed no upload check: its cross-reference chain is read and checked whole.
        preparePdf: (file, options) => preparePdfSignature(file, { ...options, wholeChain: true }),
      });
      await writeFile(opts.out, signed);
      console.log(`signed ${input} -> ${opts.out}: field ${signature.fieldName}, ${signature.certificate.subject} (serial ${signature.certificate.serialHex})`);
    },
  );
program
  .command("sign-document")
  .description("sign the latest version of a stored document (DATA_DIR) with an officer's held key, audited as POST /v1/documents/{id}/signatures is; stop the service first when the database is embedded")
  .argument("<id>", "the document")
  .requiredOption("--officer <id>", "the officer whose key signs")
  .option("--expected-version <n>", "sign only if this is still the latest version")
  .option("--reason <reason>", "reason for signing")
  .option("--location <location>", "where the signature is made")
  .action(async (id: string, opts: { officer: string; expectedVersion?: string; reason?: string; location?: string }) => {
    const [{ createLogger }, { signStoredDocument }, { userInfo }] = await Promise.all([import("./main.js"), import("./signStored.js"), import("node:os")]);
    const config = await loadConfig();
    const expectedVersion = opts.expectedVersion === undefined ? undefined : numberList(opts.expectedVersion, 1, "--expected-version")[0];
    const input = { documentId: id, officerId: opts.officer, expectedVersion, reason: opts.reason, location: opts.location, operator: `cli:${userInfo().username}` };
    const v = await signStoredDocument(config, input, createLogger(config));
    console.log(`signed document ${id} version ${v.derivedFrom ?? v.n - 1} as officer ${opts.officer}: version ${v.n} (sha256 ${v.sha256})`);
  });
addVerifyCommand(program, cacheDir);

const ltv = program.command("ltv").description("long-term validity: document timestamps (PAdES B-LTA)");
ltv
  .command("extend")
  .description("append a document timestamp with the earlier signatures' validation data in the /DSS (PAdES B-LTA)")
  .argument("<in>", "PDF to extend")
  .requiredOption("-o, --out <file>", "where to write the timestamped PDF")
  .option("--tsa-url <url>", "RFC 3161 TSA URL (default: TSA_URL, else the development TSA when DEV_TSA is on)")
  .option("--crl-dir <dir>", "CRLs to embed for the earlier signatures' chains (default: CRL_DIR; \"\" for none)")
  .action(async (input: string, opts: { out: string; tsaUrl?: string; crlDir?: string }) => {
    const { ltvExtend } = await import("./ltvCommand.js");
    console.log(await ltvExtend(input, opts.out, opts, await loadConfig()));
  });

ltv
  .command("job")
  .description("re-timestamp the vault: every latest signed version whose newest timestamp's TSA certificate ends within the horizon gets a document timestamp as a new version (resumable)")
  .requiredOption("--horizon-days <n>", "act when the newest timestamp's TSA certificate ends within this many days")
  .option("--tsa-url <url>", "RFC 3161 TSA URL (default: TSA_URL, else the development TSA when DEV_TSA is on)")
  .action(async (opts: { horizonDays: string; tsaUrl?: string }) => {
    const horizonDays = Number(opts.horizonDays);
    if (!Number.isInteger(horizonDays) || horizonDays < 0) throw new MoharError("cli.bad_option", `--horizon-days must be a whole number of days, got ${JSON.stringify(opts.horizonDays)}`);
    const { ltvJob } = await import("./ltvCommand.js");
    const { text, failed } = await ltvJob({ horizonDays, tsaUrl: opts.tsaUrl }, await loadConfig());
    console.log(text);
    if (failed > 0) process.exitCode = 1;
  });

program.parseAsync(process.argv).catch(async (err: unknown) => {
  if (err instanceof (await import("./configChecks.js")).ConfigError) {
    console.error(`mohar: ${err.message}`);
    process.exit(2);
  }
  console.error(`mohar: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
