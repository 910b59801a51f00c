/**
 * Child process for the crash test: starts writing a never-ending slow stream to the
 * local-disk store at argv[2] under key argv[3], and waits to be killed mid-write.
 */
import { Readable } from "node:stream";
import { FsObjectStore } from "../../src/store/index.js";

const [dir, key] = process.argv.slice(2);
if (!dir || !key) throw new Error("usage: slowFsWriter DIR KEY");
const store = await FsObjectStore.open(dir);
const slow = new Readable({
  read() {
    setTimeout(() => this.push(Buffer.alloc(64 * 1024, 0x78)), 5);
  },
});
await store.putIfAbsent(key, slow);
