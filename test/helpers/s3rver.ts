import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import S3rver from "s3rver";
import { loadConfig, type S3Config } from "../../src/config.js";

export interface TestS3 {
  endpoint: string;
  accessKey: string;
  secretKey: string;
  /** The env that points mohar's config at this server (STORE=s3, a fresh bucket). */
  env(bucket: string): Record<string, string>;
  close(): Promise<void>;
}

interface KoaLikeContext {
  method: string;
  path: string;
  query: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  status: number;
  type: string;
  body: unknown;
  store: { existsObject(bucket: string, key: string): Promise<boolean> };
}
type Middleware = (ctx: KoaLikeContext, next: () => Promise<void>) => Promise<void>;

/**
 * s3rver does not implement conditional writes, which real S3 and MinIO do. This middleware
 * adds `If-None-Match: *` on PutObject and CompleteMultipartUpload, with the existence check
 * and the write serialised per key, so the tests exercise the driver's 412 handling the way
 * a real server answers it.
 */
function conditionalWrites(): Middleware {
  const tails = new Map<string, Promise<void>>();
  return async (ctx, next) => {
    const isPut = ctx.method === "PUT" && ctx.query.uploadId === undefined && !ctx.headers["x-amz-copy-source"];
    const isComplete = ctx.method === "POST" && ctx.query.uploadId !== undefined;
    if (ctx.headers["if-none-match"] !== "*" || !(isPut || isComplete)) return next();
    const [, bucket, ...rest] = ctx.path.split("/");
    const key = decodeURIComponent(rest.join("/"));
    const id = `${bucket}/${key}`;
    const prev = tails.get(id) ?? Promise.resolve();
    let release = (): void => {};
    const mine = new Promise<void>((r) => (release = r));
    const tail = prev.then(() => mine);
    tails.set(id, tail);
    await prev;
    try {
      if (await ctx.store.existsObject(bucket ?? "", key)) {
        ctx.status = 412;
        ctx.type = "application/xml";
        ctx.body =
          '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>PreconditionFailed</Code>' +
          "<Message>At least one of the pre-conditions you specified did not hold</Message>" +
          `<Condition>If-None-Match</Condition></Error>`;
        return;
      }
      await next();
    } finally {
      release();
      if (tails.get(id) === tail) tails.delete(id);
    }
  };
}

/** A real S3-protocol server (s3rver) on 127.0.0.1, port 0, in a temp dir. */
export async function startS3rver(): Promise<TestS3> {
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-s3rver-"));
  const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory });
  (server as unknown as { middleware: Middleware[] }).middleware.unshift(conditionalWrites());
  const addr = (await server.run()) as AddressInfo;
  const endpoint = `http://127.0.0.1:${addr.port}`;
  return {
    endpoint,
    accessKey: "S3RVER",
    secretKey: "S3RVER",
    env: (bucket) => ({
      STORE: "s3",
      S3_ENDPOINT: endpoint,
      S3_ACCESS_KEY: "S3RVER",
      S3_SECRET_KEY: "S3RVER",
      S3_BUCKET: bucket,
    }),
    async close() {
      await server.close();
      await fs.rm(directory, { recursive: true, force: true });
    },
  };
}

/** The driver config that mohar's own config loader makes from `TestS3.env(bucket)`. */
export function s3ConfigFor(env: Record<string, string>): S3Config {
  const c = loadConfig(env).store;
  if (c.kind !== "s3") throw new Error("expected an s3 config");
  return c;
}
