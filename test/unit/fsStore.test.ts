import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { FsObjectStore } from "../../src/store/index.js";
import { describeObjectStore } from "../helpers/storeConformance.js";

describeObjectStore("local disk", async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-fs-store-"));
  const store = await FsObjectStore.open(dir);
  return {
    store,
    async dispose() {
      await store.close();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
});
