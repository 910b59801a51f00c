import express, { type Express } from "express";
import { pinoHttp } from "pino-http";
import type { Logger } from "pino";
import type { Authenticator } from "../auth/index.js";
import type { Config } from "../config.js";
import type { DevEsp, EsignService } from "../esign/index.js";
import type { FileQueries, FileService } from "../files/index.js";
import type { OfficerRegistry } from "../officers/index.js";
import type { PdfPreparer } from "../pdf/index.js";
import type { KeyStore, LiveRevocation, RevocationSource } from "../pki/index.js";
import type { ObjectStore } from "../store/index.js";
import type { AuditLog } from "../audit/index.js";
import { apiKeysRouter } from "./apiKeys.js";
import type { SigningSessionStore } from "../signing/index.js";
import { auditRouter } from "./audit.js";
import { consoleAssetsRouter } from "./consoleAssets.js";
import { ConsoleSessions, consoleSessionRouter } from "./consoleSession.js";
import { auditRefusals } from "./auditTrail.js";
import { cors } from "./cors.js";
import { useIdempotencyRecords } from "./idempotency.js";
import type { IdempotencyRecords } from "./idempotencyRecords.js";
import type { Verifier } from "../verification/index.js";
import type { Vault } from "../vault/index.js";
import { accessPolicy, authenticate, rateLimit, rejectCredentialsInQuery } from "./auth/index.js";
import { documentsRouter } from "./documents.js";
import { fileReportsRouter, pendencyStatementRouter } from "./fileReports.js";
import { filesRouter } from "./files.js";
import { hardening } from "./hardening.js";
import { healthRouter } from "./health.js";
import { requestLoggerOptions } from "./logging.js";
import type { Metrics } from "./metrics.js";
import { openApiRouter } from "./openapi.js";
import { problemHandler, sendProblem } from "./problem.js";
import { officersRouter } from "./officers.js";
import { signaturesRouter } from "./signatures.js";
import { documentTimestampsRouter } from "./documentTimestamps.js";
import { devTsaRouter, type TimestampResponder } from "./tsa.js";
import { devEspRouter } from "./devEsp.js";
import { esignCallbackRouter, esignRouter } from "./esign.js";
import { verifyRouter } from "./verify.js";
import { webhooksRouter } from "./webhooks.js";
import type { WebhookService } from "../webhooks/index.js";

/** Everything the HTTP layer needs, built once by main.ts. */
export interface AppServices {
  config: Config;
  logger: Logger;
  store: ObjectStore;
  audit: AuditLog;
  authenticator: Authenticator;
  vault: Vault;
  /** The built-in development TSA, mounted at POST /v1/dev/tsa when enabled. */
  devTsa: TimestampResponder | null;
  /** The built-in development eSign ESP, mounted at /v1/dev/esp when enabled (DEV_ESP). */
  devEsp: DevEsp | null;
  /** mohar as an eSign ASP; null when eSign is off (or before the service listens, when it answers at its own URL). */
  esign(): EsignService | null;
  /** The RFC 3161 TSA URL for signature timestamps, or null when none is configured. */
  tsaUrl(): string | null;
  /** DER of the TSA's certificate and issuers when known (the built-in dev TSA), else empty. */
  tsaCertificates(): Buffer[];
  /** CRLs (CRL_DIR) embedded with signatures and checked before signing. */
  revocation: RevocationSource;
  /** OCSP/CRL fetching at signing (REVOCATION_FETCH); absent when off. */
  liveRevocation?: LiveRevocation;
  officers: OfficerRegistry;
  /** Two-phase signing sessions (rows in the database, prepared PDFs in the store). */
  sessions: SigningSessionStore;
  /** Officers' signing keys (PKCS#12 files or PKCS#11 tokens), by officer id. */
  keyStore: KeyStore;
  verifier: Verifier;
  /** Signing's PDF work (parse, update) on the worker pool, under its limits. */
  preparePdf: PdfPreparer;
  metrics: Metrics;
  /** One small statement through the database, for /readyz (rejects as the database would). */
  databasePing(): Promise<void>;
  /** True once the service is stopping: /readyz answers 503 so that no new work is sent here. */
  draining(): boolean;
  files: FileService;
  fileQueries: FileQueries;
  /** Webhook subscriptions, their log, and telling events to them (delivery runs in the background, see main.ts). */
  webhooks: WebhookService;
  /** Idempotency-Key records, in the database the instances share. */
  idempotency: IdempotencyRecords;
}

export function createApp(s: AppServices): Express {
  const app = express();
  app.disable("x-powered-by");
  useIdempotencyRecords(app, s.idempotency);
  app.set("query parser", "simple");
  app.use(pinoHttp(requestLoggerOptions(s.logger)));
  app.use(hardening());
  app.use(cors(s.config.corsOrigins));
  const metrics = s.metrics;
  app.use(metrics.middleware);
  app.use((req, _res, next) => {
    rejectCredentialsInQuery(req);
    next();
  });
  // Public routes first; everything after `authenticate` needs a credential and a listed role.
  app.use(healthRouter(s.store, s.audit, s.draining, s.databasePing));
  app.use(openApiRouter());
  if (s.devTsa) app.use(devTsaRouter(s.devTsa));
  if (s.devEsp) app.use(devEspRouter(s.devEsp));
  // The ESP's callback: authenticated by the ESP's XML signature, not by a credential.
  app.use(esignCallbackRouter(s));
  const sessions = new ConsoleSessions();
  app.use(consoleAssetsRouter());
  app.use(consoleSessionRouter(sessions, s.authenticator));
  app.use(authenticate(s.authenticator, sessions));
  app.use(rateLimit(s.config.auth.rateLimitPerMinute));
  app.use(accessPolicy());
  app.use(metrics.router);
  app.use(documentsRouter(s.vault, s.config, s));
  app.use(officersRouter(s.officers, s));
  app.use(apiKeysRouter(s.authenticator.apiKeys, s.officers, s));
  app.use(filesRouter(s, s));
  app.use(fileReportsRouter(s.fileQueries));
  app.use(pendencyStatementRouter({ ...s, statementSealOfficer: s.config.pki.statementSealOfficer }));
  app.use(signaturesRouter(s));
  app.use(documentTimestampsRouter(s));
  app.use(esignRouter(s));
  app.use(verifyRouter(s.verifier, s.vault, s.config, s));
  app.use(auditRouter(s.audit));
  app.use(webhooksRouter(s.webhooks, s));
  app.use((req, res) => {
    sendProblem(res, "route.not_found", `no route for ${req.method} ${req.path}`);
  });
  app.use(auditRefusals(s));
  app.use(problemHandler);
  return app;
}
