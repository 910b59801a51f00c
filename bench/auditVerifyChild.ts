/**
 * The whole-log check (`mohar audit verify --store`) of the log in a local store, in a process
 * of its own so that its peak RSS is the check's: prints {ms, maxRssMiB, size, finding} as JSON.
 * Usage: node --import tsx bench/auditVerifyChild.ts <storeDir> <keyFile>
 */
import { checkWholeLog, loadOrCreateLogKey } from "../src/audit/index.js";
import { FsObjectStore } from "../src/store/index.js";

const [storeDir, keyFile] = process.argv.slice(2) as [string, string];
const store = await FsObjectStore.open(storeDir);
const key = await loadOrCreateLogKey(keyFile, "bench.mohar/audit");
const t0 = performance.now();
const { result, finding } = await checkWholeLog({ store, key });
const ms = performance.now() - t0;
await store.close();
process.stdout.write(`${JSON.stringify({ ms, maxRssMiB: process.resourceUsage().maxRSS / 1024, size: result.size, finding: finding?.reason ?? null })}\n`);
