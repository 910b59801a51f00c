import fs from "node:fs/promises";
import path from "node:path";
import type { Server } from "node:http";
import type { Express } from "express";
import { pino, type DestinationStream, type Logger } from "pino";
import { createAuthenticator } from "./auth/index.js";
import type { Config } from "./config.js";
import { createApp, type AppServices } from "./http/app.js";
import { answerClientErrors } from "./http/clientError.js";
import { createMetrics, type Metrics } from "./http/metrics.js";
import { REDACT_PATHS, safeError } from "./http/logging.js";
import { OfficerKeyStore, OfficerRegistry } from "./officers/index.js";
import { LiveRevocation, RevocationSource } from "./pki/index.js";
import { loadDevTsa } from "./devTsaFiles.js";
import { inspectPdfOn, preparePdfSignatureOn } from "./pdf/index.js";
import { openStore, type ObjectStore } from "./store/index.js";
import { AuditLog, CheckpointWitness, loadOrCreateLogKey, parseWitnessKey, type CosigningOptions } from "./audit/index.js";
import { recordUnauditedVersions, UNAUDITED_GRACE_MS, versionsMissingFromDatabase } from "./auditReconcile.js";
import { fileEventsMissingFromDatabase, recordUnauditedFileEvents } from "./fileAuditReconcile.js";
import { Vault } from "./vault/index.js";
import { DatabaseHandle, IdempotencyKeys, type Database, type DatabaseReady } from "./db/index.js";
import type { StoredResponse } from "./http/idempotencyRecords.js";
import { sql, type Kysely } from "kysely";
import { SigningSessionStore } from "./signing/index.js";
import { isMoharError } from "./errors.js";
import { loadEsign } from "./esignSetup.js";
import { FileQueries, FileService, noticeOverdueFiles } from "./files/index.js";
import { TargetPolicy, WebhookDispatcher, WebhookService } from "./webhooks/index.js";
import { WorkerPool } from "./worker/index.js";
import { createVerifier, loadTrustAnchorsIfPresent } from "./verification/index.js";

export interface RunningServer {
  server: Server;
  app: Express;
  url: string;
  services: AppServices;
  /** Background work: the webhook outbox's sender, and the check that tells file.overdue (tests drive both with their clock). */
  background: { webhooks: WebhookDispatcher; checkOverdue(): Promise<number> };
  /** The metadata database the service uses (tests write to it beside the service). */
  db: Kysely<Database>;
  close(): Promise<void>;
}

export function createLogger(config: Pick<Config, "logLevel">, destination?: DestinationStream): Logger {
  const options = {
    level: config.logLevel,
    base: { service: "mohar" },
    redact: { paths: REDACT_PATHS, censor: "[Redacted]" },
    serializers: { err: safeError },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** How often the audit reconciliation looks again after its second pass. */
const RECONCILE_EVERY_MS = 60_000;

export interface StartOptions {
  /**
   * The clock files and their time limits are kept by, and by which the audit reconciliation ages
   * versions (default: the system clock); tests move it forward to see files fall overdue.
   */
  now?: () => Date;
  /** How young a version may be and still be left to the instance that stored it (default 30 s); tests shorten it. */
  unauditedGraceMs?: number;
  /** How often the audit reconciliation looks again after its second pass (default a minute); tests shorten it. */
  reconcileEveryMs?: number;
}

/** config -> stores -> app -> listen. Used by `mohar serve` and by the tests (port 0). */
export async function startServer(config: Config, logger: Logger = createLogger(config), options: StartOptions = {}): Promise<RunningServer> {
  if (config.developmentDefaults.length > 0) {
    logger.warn({ settings: config.developmentDefaults }, "development defaults in use: fine for a trial, not for real signatures; set these for production");
  }
  const store = await openStore(config.store);
  // The database opens and migrates beside the audit log (an embedded one spends its first
  // second compiling); start-up waits for it, so a bad DATABASE_URL or migration stops it.
  const database = new DatabaseHandle(config.database);
  const databaseReady = database.ready();
  databaseReady.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
  let audit: AuditLog;
  try {
    const key = await loadOrCreateLogKey(config.audit.keyFile, config.audit.origin);
    if (config.store.kind === "fs" && isInside(config.audit.keyFile, config.store.dataDir)) {
      logger.warn(
        { keyFile: config.audit.keyFile, dataDir: config.store.dataDir },
        "the audit log key is inside the local store: whoever can rewrite the store can re-sign the log; set AUDIT_KEY_FILE (and AUDIT_WITNESS_FILE) outside DATA_DIR",
      );
    }
    const witness = config.audit.witnessFile ? new CheckpointWitness(config.audit.witnessFile) : undefined;
    const started = Date.now();
    // Write-once audit objects (object lock) keep a bundle's partial copies anyway: not deleted then.
    const dropPartialBundles = !(config.store.kind === "s3" && config.store.objectLock);
    audit = await AuditLog.open({ store, key, verifyOnStart: config.audit.verifyOnStart, witness, cosigning: cosigningOptions(config), dropPartialBundles, logger });
    logger.info({ size: audit.size, ms: Date.now() - started }, "audit log opened");
    if (config.audit.verifyInBackground) {
      // The whole-log check the start no longer makes; a finding fails readiness (GET /readyz).
      const opened = audit;
      void opened.checkWholeLog().catch((err: unknown) => logger.error({ err }, "the background audit log check could not run"));
    }
  } catch (err) {
    await database.close();
    await store.close();
    throw err;
  }
  // The queue gauge reads the pool only when scraped, after both exist.
  const opened = audit;
  const metrics = createMetrics({ workerQueue: () => parsePool.queued, cosigning: () => opened.cosigningStatus() });
  const parsePool = new WorkerPool({ size: config.parse.workers, timeoutMs: config.parse.timeoutMs, maxHeapMb: config.parse.maxHeapMb, observe: metrics.workerTask });
  try {
    return await serve(config, logger, { store, audit, parsePool, database, metrics }, databaseReady, options);
  } catch (err) {
    // Nothing half-started stays behind: the workers, the log's pending writes, the database, the store.
    await parsePool.close();
    await database.close();
    await audit.close();
    await store.close();
    throw err;
  }
}

/** The witnesses asked to cosign checkpoints (AUDIT_WITNESSES; keys checked by config.ts). */
function cosigningOptions(config: Config): CosigningOptions | undefined {
  const c = config.audit.cosigning;
  if (c.witnesses.length === 0) return undefined;
  const witnesses = c.witnesses.map((w) => {
    const key = parseWitnessKey(w.verifierKey);
    if (!key) throw new Error(`AUDIT_WITNESSES: ${w.verifierKey} is not a witness verifier key`);
    return { key, url: w.url };
  });
  return { witnesses, quorum: c.quorum, retryMs: c.retryMs, timeoutMs: c.timeoutMs };
}

interface Opened {
  store: ObjectStore;
  audit: AuditLog;
  parsePool: WorkerPool;
  database: DatabaseHandle;
  metrics: Metrics;
}

/** stores -> services -> app -> listen, once the store and the audit log are open. */
async function serve(
  config: Config,
  logger: Logger,
  { store, audit, parsePool, database, metrics }: Opened,
  databaseReady: Promise<{ open: { db: Kysely<Database> }; ready: DatabaseReady }>,
  { now, unauditedGraceMs = UNAUDITED_GRACE_MS, reconcileEveryMs = RECONCILE_EVERY_MS }: Pick<StartOptions, "now" | "unauditedGraceMs" | "reconcileEveryMs">,
): Promise<RunningServer> {
  const { open, ready } = await databaseReady;
  logger.info(ready, "database ready");
  const db = open.db;
  const vault = await Vault.open(store, db, {
    maxPages: config.maxPages,
    inspect: inspectPdfOn(parsePool),
    // A publish writes its record right after its PDF; on S3 that write may take up to its timeout.
    ...(config.store.kind === "s3" ? { orphanConfirmMs: config.store.timeoutMs + 2000 } : {}),
  });
  const reconcile = async (): Promise<void> => {
    const unaudited = await recordUnauditedVersions(vault, audit, { graceMs: unauditedGraceMs, now: now?.() });
    if (unaudited.length > 0) logger.warn({ versions: unaudited }, "versions stored without their audit entry (a crash in between) were recorded in the audit log");
    const movements = await recordUnauditedFileEvents(db, audit, { graceMs: unauditedGraceMs, now: now?.() });
    if (movements.length > 0) logger.warn({ fileEvents: movements }, "file movements committed without their audit entry (a crash in between) were recorded in the audit log");
  };
  // And the other way: what the log's recent entries made must be in the database.
  const missing = await versionsMissingFromDatabase(vault, audit);
  if (missing.length > 0) logger.error({ versions: missing }, "the audit log records versions the database does not hold (run mohar audit check-vault)");
  const missingEvents = await fileEventsMissingFromDatabase(db, audit);
  if (missingEvents.length > 0) logger.error({ fileEvents: missingEvents }, "the audit log records file movements the database does not hold (a database restored from an older backup?)");
  await reconcile();
  // The versions a crash left within the grace period are too young for the pass at start: a
  // second pass, once they are old enough, records them (before, they stayed unrecorded until the
  // next restart). Then a pass every minute: a movement whose audit entry failed while the
  // service ran (the movement stays committed; a version is taken back instead) is recorded while
  // it is still inside the window the passes look at (from five minutes before the log's last entry).
  let reconciling = false;
  const pass = (): void => {
    if (reconciling || draining) return;
    reconciling = true;
    void reconcile()
      .catch((err: unknown) => logger.error({ err }, "the audit reconciliation after start failed; it runs again at the next pass"))
      .finally(() => (reconciling = false));
  };
  let passes: NodeJS.Timeout | undefined;
  const secondPass = setTimeout(() => {
    pass();
    passes = setInterval(pass, reconcileEveryMs);
    passes.unref();
  }, unauditedGraceMs + 1000);
  secondPass.unref();
  let selfUrl: string | null = null;
  let draining = false;
  const keyConfig = { keyPassword: config.pki.officerKeyPassword, keyDir: config.pki.officerKeyDir, pkcs11: config.pki.pkcs11 };
  const officers = new OfficerRegistry(db, keyConfig);
  if (config.pki.officersSeed) await seedOfficers(officers, config.pki.officersSeed, logger);
  const authenticator = await createAuthenticator(config.auth, db);
  const sessions = new SigningSessionStore(store, db);
  const esign = config.esign ? await loadEsign(config.esign, store, sessions, () => selfUrl, now) : null;
  // The development ESP's CA is under no configured root: its signatures verify only if it is trusted too.
  const anchors = [...loadTrustAnchorsIfPresent(config.trustPath), ...(esign?.devEsp ? esign.espCas : [])];
  if (anchors.length === 0) logger.warn({ trustPath: config.trustPath }, "no trust anchors found: every signature chain will be untrusted");
  const devTsa = config.pki.devTsa ? await loadDevTsa(config.pki.devTsa) : null;
  const revocation = RevocationSource.fromDirIfPresent(config.pki.crlDir);
  logger.info({ crlDir: config.pki.crlDir, crls: revocation.crls.length }, "revocation data loaded");
  const clock = now ?? (() => new Date());
  // One fetcher for signing and verification: the same limits, CRL/OCSP cache and metrics.
  const liveRevocation = config.pki.revocationFetch ? new LiveRevocation({ ...config.pki.revocationFetch, observe: metrics.revocationFetch }, clock) : undefined;
  // The database is open from start; after it closes (shutdown) the dispatcher finds nothing to send.
  const dbIfOpened = () => database.ifOpened();
  const webhookPolicy = new TargetPolicy(config.webhooks.allowNetworks);
  const dispatcher = new WebhookDispatcher({
    db: dbIfOpened,
    policy: webhookPolicy,
    settings: config.webhooks,
    now: clock,
    observe: metrics.webhookDelivery,
    onError: (err) => logger.error({ err }, "webhook delivery failed inside mohar (the outbox keeps the event)"),
  });
  const checkOverdue = async (): Promise<number> => {
    const db = await dbIfOpened();
    return db ? noticeOverdueFiles(db, clock()) : 0;
  };
  const services: AppServices = {
    config,
    logger,
    store,
    authenticator,
    vault,
    audit,
    devTsa,
    devEsp: esign?.devEsp ?? null,
    esign: () => esign?.service() ?? null,
    tsaUrl: () => (config.pki.tsaUrl === "self" ? (selfUrl && config.pki.devTsa ? `${selfUrl}/v1/dev/tsa` : null) : config.pki.tsaUrl),
    tsaCertificates: () => (config.pki.tsaUrl === "self" && devTsa ? [devTsa.certificate, ...devTsa.chain] : []),
    revocation,
    liveRevocation,
    officers,
    sessions,
    keyStore: new OfficerKeyStore(officers, keyConfig),
    verifier: createVerifier(anchors, parsePool, { offline: revocation, live: liveRevocation ?? null }),
    preparePdf: preparePdfSignatureOn(parsePool),
    draining: () => draining,
    databasePing: async () => {
      await sql`select 1`.execute(db);
    },
    metrics,
    files: new FileService({
      db: async () => db,
      officerExists: (id) => found(officers.getPublic(id)),
      documentExists: (id) => found(vault.getDocument(id)),
      now,
    }),
    fileQueries: new FileQueries(async () => db, config.holidays, now),
    webhooks: new WebhookService({ db: () => database.get(), dbIfOpen: dbIfOpened, policy: webhookPolicy, now }),
    idempotency: new IdempotencyKeys<StoredResponse>(() => database.get()),
  };
  const app = createApp(services);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, config.host, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  answerClientErrors(server, logger);
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : config.port;
  const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
  selfUrl = `http://${loopbackFor(config.host)}:${port}`;
  logger.info({ url, store: config.store.kind }, "mohar listening");
  dispatcher.start();
  const overdueTimer = setInterval(
    () => void checkOverdue().catch((err: unknown) => logger.error({ err }, "the overdue check failed; it runs again at the next interval")),
    config.webhooks.overdueCheckMs,
  );
  overdueTimer.unref();
  return {
    server,
    app,
    url,
    services,
    background: { webhooks: dispatcher, checkOverdue },
    db,
    /**
     * Stops taking work: /readyz answers 503 at once and requests are still taken for
     * SHUTDOWN_NOTICE_MS (a load balancer notices and stops sending), then new connections are
     * refused and requests in flight get SHUTDOWN_GRACE_MS to finish before their connections are
     * closed; the log, the workers and the store close last.
     */
    async close() {
      draining = true;
      clearTimeout(secondPass);
      clearInterval(passes);
      if (config.shutdown.noticeMs > 0) await new Promise((resolve) => setTimeout(resolve, config.shutdown.noticeMs));
      await new Promise<void>((resolve) => {
        const deadline = setTimeout(() => {
          logger.warn({ graceMs: config.shutdown.graceMs }, "requests still in flight at the shutdown deadline were cut off");
          server.closeAllConnections();
        }, config.shutdown.graceMs);
        // A keep-alive connection whose request has just finished is closed as soon as it is idle.
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        server.close(() => {
          clearTimeout(deadline);
          clearInterval(sweep);
          resolve();
        });
        server.closeIdleConnections();
      });
      clearInterval(overdueTimer);
      await dispatcher.stop();
      await audit.close();
      await parsePool.close();
      await database.close();
      await store.close();
    },
  };
}

/** Whether a lookup finds its record: a not-found (or a malformed id) is false; anything else is thrown. */
async function found(lookup: Promise<unknown>): Promise<boolean> {
  try {
    await lookup;
    return true;
  } catch (err) {
    if (isMoharError(err) && (err.kind === "not_found" || err.kind === "bad_input")) return false;
    throw err;
  }
}

/** A missing seed file is normal outside development; anything else about it is a startup error. */
async function seedOfficers(officers: OfficerRegistry, seedFile: string, logger: Logger): Promise<void> {
  try {
    await fs.access(seedFile);
  } catch {
    logger.info({ seedFile }, "no officer seed file; skipping seeding");
    return;
  }
  const result = await officers.seedFrom(seedFile);
  logger.info({ seedFile, created: result.created, existing: result.existing.length }, "officers seeded");
}

function isInside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
}

/** The address this process can reach itself on (a wildcard bind is reachable on loopback). */
function loopbackFor(host: string): string {
  if (host === "0.0.0.0") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}
