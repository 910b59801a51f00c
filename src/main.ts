import type { Server } from "node:http";
import type { Express } from "express";
import { pino, type Logger } from "pino";
import type { Config } from "./config.js";
import { createApp, type AppServices } from "./http/app.js";
import { openStore } from "./store/index.js";
import { createVerifier, loadTrustAnchorsIfPresent } from "./verification/index.js";

export interface RunningServer {
  server: Server;
  app: Express;
  url: string;
  services: AppServices;
  close(): Promise<void>;
}

export function createLogger(config: Pick<Config, "logLevel">): Logger {
  return pino({ level: config.logLevel, base: { service: "mohar" } });
}

/** config -> stores -> app -> listen. Used by `mohar serve` and by the tests (port 0). */
export async function startServer(config: Config, logger: Logger = createLogger(config)): Promise<RunningServer> {
  const store = await openStore(config.store);
  const anchors = loadTrustAnchorsIfPresent(config.trustPath);
  if (anchors.length === 0) logger.warn({ trustPath: config.trustPath }, "no trust anchors found: every signature chain will be untrusted");
  const services: AppServices = { config, logger, store, verifier: createVerifier(anchors) };
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
