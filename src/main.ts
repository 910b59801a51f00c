import type { Server } from "node:http";
import type { Express } from "express";
import { pino, type DestinationStream, type Logger } from "pino";
import { createAuthenticator } from "./auth/index.js";
import type { Config } from "./config.js";
import { createApp, type AppServices } from "./http/app.js";
import { REDACT_PATHS } from "./http/logging.js";
import { openStore } from "./store/index.js";

export interface RunningServer {
  server: Server;
  app: Express;
  url: string;
  services: AppServices;
  close(): Promise<void>;
}

export function createLogger(config: Pick<Config, "logLevel">, destination?: DestinationStream): Logger {
  const options = { level: config.logLevel, base: { service: "mohar" }, redact: { paths: REDACT_PATHS, censor: "[Redacted]" } };
  return destination ? pino(options, destination) : pino(options);
}

/** config -> stores -> app -> listen. Used by `mohar serve` and by the tests (port 0). */
export async function startServer(config: Config, logger: Logger = createLogger(config)): Promise<RunningServer> {
  const store = await openStore(config.store);
  const authenticator = await createAuthenticator(config.auth, store).catch(async (err: unknown) => {
    await store.close();
    throw err;
  });
  const services: AppServices = { config, logger, store, authenticator };
  const app = createApp(services);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, config.host, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : config.port;
  const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
  logger.info({ url, store: config.store.kind }, "mohar listening");
  return {
    server,
    app,
    url,
    services,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await store.close();
    },
  };
}
