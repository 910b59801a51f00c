import express, { type Express } from "express";
import { pinoHttp } from "pino-http";
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { Config } from "../config.js";
import type { ObjectStore } from "../store/index.js";
import type { Verifier } from "../verification/index.js";
import { healthRouter } from "./health.js";
import { createHttpMetrics } from "./metrics.js";
import { openApiRouter } from "./openapi.js";
import { problemHandler, sendProblem } from "./problem.js";
import { verifyRouter } from "./verify.js";

/** Everything the HTTP layer needs, built once by main.ts. */
export interface AppServices {
  config: Config;
  logger: Logger;
  store: ObjectStore;
  verifier: Verifier;
}

export function createApp(s: AppServices): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("query parser", "simple");
  app.use(
    pinoHttp({
      logger: s.logger,
      genReqId: (_req, res) => {
        const id = randomUUID();
        res.setHeader("X-Request-Id", id);
        return id;
      },
    }),
  );
  const metrics = createHttpMetrics();
  app.use(metrics.middleware);
  app.use(healthRouter(s.store));
  app.use(metrics.router);
  app.use(openApiRouter());
  app.use(verifyRouter(s.verifier, s.config.maxUploadBytes));
  app.use((req, res) => {
    sendProblem(res, { status: 404, detail: `no route for ${req.method} ${req.path}`, code: "route.not_found" });
  });
  app.use(problemHandler);
  return app;
}
