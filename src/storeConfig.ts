import path from "node:path";
import type { ObjectLockConfig } from "./auditConfig.js";
import type { Env } from "./configEnv.js";

export interface S3Config {
  endpoint: URL;
  accessKey: string;
  secretKey: string;
  bucket: string;
  region: string;
  /** A request to the store that sends or receives nothing for this long is abandoned (503 store.unavailable). */
  timeoutMs: number;
  /** How many times a read (head, get, list, ping) or a delete is tried again after a network fault or timeout, with backoff. */
  retries: number;
  /** Object lock (WORM) for the audit log's objects; the bucket must have object lock enabled. */
  objectLock?: ObjectLockConfig | null;
}

/** `minFreeBytes`: below this much free space in DATA_DIR, /readyz answers 503 (STORE_MIN_FREE_BYTES). */
export type StoreConfig = { kind: "fs"; dataDir: string; minFreeBytes: number } | ({ kind: "s3" } & S3Config);

/** STORE, DATA_DIR and S3_* as the store's settings. */
export function storeConfig(e: Env, objectLock: ObjectLockConfig | null = null): StoreConfig {
  return e.STORE === "s3"
    ? {
        kind: "s3",
        endpoint: new URL(e.S3_ENDPOINT as string),
        accessKey: e.S3_ACCESS_KEY as string,
        secretKey: e.S3_SECRET_KEY as string,
        bucket: e.S3_BUCKET,
        region: e.S3_REGION,
        timeoutMs: e.S3_TIMEOUT_MS,
        retries: e.S3_RETRIES,
        objectLock,
      }
    : { kind: "fs", dataDir: path.resolve(e.DATA_DIR), minFreeBytes: e.STORE_MIN_FREE_BYTES };
}
