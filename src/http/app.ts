import express, { type Express } from "express";
import { pinoHttp } from "pino-http";
import type { Logger } from "pino";
import type { Authenticator } from "../auth/index.js";
import type { Config } from "../config.js";
import type { OfficerRegistry } from "../officers/index.js";
import type { DevTsa, KeyStore, LiveRevocation, RevocationSource } from "../pki/index.js";
import type { ObjectStore } from "../store/index.js";
import type { AuditLog } from "../audit/index.js";
import { auditRouter } from "./audit.js";
import { auditRefusals } from "./auditTrail.js";
import type { Verifier } from "../verification/index.js";
import type { Vault } from "../vault/index.js";
import { accessPolicy, authenticate, rateLimit, rejectCredentialsInQuery } from "./auth/index.js";
import { documentsRouter } from "./documents.js";
import { hardening } from "./hardening.js";
import { healthRouter } from "./health.js";
import { requestLoggerOptions } from "./logging.js";
import { createHttpMetrics } from "./metrics.js";
import { openApiRouter } from "./openapi.js";
import { problemHandler, sendProblem } from "./problem.js";
import { officersRouter } from "./officers.js";
import { signaturesRouter } from "./signatures.js";
import { devTsaRouter } from "./tsa.js";
import { verifyRouter } from "./verify.js";

/** Everything the HTTP layer needs, built once by main.ts. */
export interface AppServices {
  config: Config;
  logger: Logger;
  store: ObjectStore;
  audit: AuditLog;
  authenticator: Authenticator;
  vault: Vault;
  /** The built-in development TSA, mounted at POST /v1/dev/tsa when enabled. */
  devTsa: DevTsa | null;
  /** The RFC 3161 TSA URL for signature timestamps, or null when none is configured. */
  tsaUrl(): string | null;
  /** DER of the TSA's certificate and issuers when known (the built-in dev TSA), else empty. */
  tsaCertificates(): Buffer[];
  /** CRLs (CRL_DIR) embedded with signatures and checked before signing. */
  revocation: RevocationSource;
  /** OCSP/CRL fetching at signing (REVOCATION_FETCH); absent when off. */
  liveRevocation?: LiveRevocation;
  officers: OfficerRegistry;
  /** Officers' signing keys (PKCS#12 files or PKCS#11 tokens), by officer id. */
  keyStore: KeyStore;
  verifier: Verifier;
}

export function createApp(s: AppServices): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("query parser", "simple");
  app.use(pinoHttp(requestLoggerOptions(s.logger)));
  app.use(hardening());
  const metrics = createHttpMetrics();
  app.use(metrics.middleware);
  app.use((req, _res, next) => {
    rejectCredentialsInQuery(req);
    next();
  });
  // Public routes first; everything after `authenticate` needs a credential and a listed role.
  app.use(healthRouter(s.store));
  app.use(openApiRouter());
  if (s.devTsa) app.use(devTsaRouter(s.devTsa));
  app.use(authenticate(s.authenticator));
  app.use(rateLimit(s.config.auth.rateLimitPerMinute));
  app.use(accessPolicy());
  app.use(metrics.router);
  app.use(documentsRouter(s.vault, s.config, s));
  app.use(officersRouter(s.officers, s));
  app.use(signaturesRouter(s));
  app.use(verifyRouter(s.verifier, s.vault, s.config, s));
  app.use(auditRouter(s.audit));
  app.use((req, res) => {
    sendProblem(res, { status: 404, detail: `no route for ${req.method} ${req.path}`, code: "route.not_found" });
  });
  app.use(auditRefusals(s));
  app.use(problemHandler);
  return app;
}
