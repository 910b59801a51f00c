import type { Config } from "../config.js";
import type { ObjectStore } from "./objectStore.js";
import { FsObjectStore } from "./fsStore.js";

export type { ObjectStore, ObjectInfo, ObjectBody } from "./objectStore.js";
export { ObjectExistsError, ObjectNotFoundError, StoreUnavailableError } from "./errors.js";
export { FsObjectStore } from "./fsStore.js";

export async function openStore(config: Config["store"]): Promise<ObjectStore> {
  switch (config.kind) {
    case "fs":
      return FsObjectStore.open(config.dataDir);
    case "s3":
      throw new Error("the s3 store driver is not built yet");
  }
}
