import type { Config } from "../config.js";
import type { ObjectStore } from "./objectStore.js";
import { FsObjectStore } from "./fsStore.js";
import { S3ObjectStore } from "./s3Store.js";

export type { ObjectStore, ObjectInfo, ObjectBody } from "./objectStore.js";
export { ObjectExistsError, ObjectNotFoundError, StoreFullError, StoreUnavailableError } from "./errors.js";
export { FsObjectStore } from "./fsStore.js";
export { S3ObjectStore, type S3StoreOptions } from "./s3Store.js";
export type { DiskSync } from "./groupCommit.js";


export async function openStore(config: Config["store"]): Promise<ObjectStore> {
  switch (config.kind) {
    case "fs":
      return FsObjectStore.open(config.dataDir, { minFreeBytes: config.minFreeBytes });
    case "s3":
      return S3ObjectStore.open(config);
  }
}
