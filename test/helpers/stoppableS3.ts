import fs from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import os from "node:os";
import path from "node:path";
import S3rver from "s3rver";

interface KoaContext {
  method: string;
  path: string;
  query: Record<string, unknown>;
  req: NodeJS.ReadableStream;
}
type Middleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;

/** An s3rver on loopback that a test can stop in the middle of an upload and start again. */
export interface StoppableS3 {
  endpoint: string;
  env(bucket: string): Record<string, string>;
  /**
   * Arms a trap: the next PUT (object or multipart part) whose key and query match is cut after its first body bytes
   * arrive, and the whole server stops (open connections reset, new ones refused).
   * Resolves once that has happened.
   */
  stopDuringNextUpload(matches: (key: string, query: Record<string, unknown>) => boolean): Promise<void>;
  /** Starts the server again on the same port with the same data. */
  restart(): Promise<void>;
  /** From now on, requests are accepted and never answered (a hung store), until `resume`. */
  stall(): void;
  /** Answers requests again; those that waited meanwhile go on. */
  resume(): void;
  close(): Promise<void>;
}

export async function startStoppableS3(): Promise<StoppableS3> {
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-s3-fault-"));
  let port = 0;
  let http: Server | undefined;
  const sockets = new Set<Socket>();
  let stalled: { over: Promise<void>; end: () => void } | undefined;
  let trap: { matches: (key: string, query: Record<string, unknown>) => boolean; sprung: () => void } | undefined;

  const stop = async (): Promise<void> => {
    const server = http;
    http = undefined;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of sockets) s.destroy();
    sockets.clear();
    await closed;
  };

  const cutUploads: Middleware = async (ctx, next) => {
    const key = decodeURIComponent(ctx.path.split("/").slice(2).join("/"));
    if (!trap || ctx.method !== "PUT" || !trap.matches(key, ctx.query)) return next();
    const { sprung } = trap;
    trap = undefined;
    // Let some of the body arrive, so the client is mid-upload when the server goes away.
    await new Promise<void>((resolve) => ctx.req.once("data", () => resolve()));
    await stop();
    sprung();
  };

  const resume = (): void => {
    const s = stalled;
    stalled = undefined;
    s?.end();
  };
  const hang: Middleware = async (_ctx, next) => {
    while (stalled) await stalled.over;
    return next();
  };

  const start = async (): Promise<void> => {
    const server = new S3rver({ address: "127.0.0.1", port, silent: true, directory });
    (server as unknown as { middleware: Middleware[] }).middleware.unshift(hang, cutUploads);
    const addr = (await server.run()) as AddressInfo;
    port = addr.port;
    http = (server as unknown as { httpServer: Server }).httpServer;
    http.on("connection", (s: Socket) => {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
    });
  };

  await start();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    env: (bucket) => ({ STORE: "s3", S3_ENDPOINT: endpoint, S3_ACCESS_KEY: "S3RVER", S3_SECRET_KEY: "S3RVER", S3_BUCKET: bucket }),
    stopDuringNextUpload: (matches) => new Promise<void>((sprung) => (trap = { matches, sprung })),
    restart: start,
    stall() {
      if (stalled) return;
      let end = (): void => undefined;
      const over = new Promise<void>((resolve) => (end = resolve));
      stalled = { over, end };
    },
    resume,
    async close() {
      resume();
      await stop();
      await fs.rm(directory, { recursive: true, force: true });
    },
  };
}
