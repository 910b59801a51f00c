import type { Config } from "../config.js";
import type { ObjectStore } from "./objectStore.js";
import { FsObjectStore } from "./fsStore.js";
import { ObjectExistsError } from "./errors.js";
import { S3ObjectStore } from "./s3Store.js";

export type { ObjectStore, ObjectInfo, ObjectBody } from "./objectStore.js";
export { ObjectExistsError, ObjectNotFoundError, StoreFullError, StoreUnavailableError } from "./errors.js";
export { FsObjectStore } from "./fsStore.js";
export { S3ObjectStore, type S3StoreOptions } from "./s3Store.js";
export type { DiskSync } from "./groupCommit.js";

/**
 * Creates `objects` create-only, in order, stopping at the first key that exists; returns how
 * many were created. The driver's own `putInOrder` when it has one (one durable write for all),
 * else one put after the other.
 */
export async function putInOrder(store: ObjectStore, objects: ReadonlyArray<{ key: string; body: Buffer }>): Promise<number> {
  if (store.putInOrder) return store.putInOrder(objects);
  let n = 0;
  for (const o of objects) {
    try {
      await store.putIfAbsent(o.key, o.body);
    } catch (err) {
      if (err instanceof ObjectExistsError) break;
      throw err;
    }
    n += 1;
  }
  return n;
}

export async function openStore(config: Config["store"]): Promise<ObjectStore> {
  switch (config.kind) {
    case "fs":
      return FsObjectStore.open(config.dataDir, { minFreeBytes: config.minFreeBytes });
    case "s3":
      return S3ObjectStore.open(config);
  }
}
