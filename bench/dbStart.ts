import { openDatabase, migrateToLatest } from "../src/db/index.js";
const t0 = performance.now();
const d = await openDatabase({ engine: "pglite", dataDir: "/tmp/dbtry-data" });
const t1 = performance.now();
console.log(await migrateToLatest(d.db));
const t2 = performance.now();
const r = await d.db.selectFrom("files").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirst();
const times: number[] = [];
for (let i = 0; i < 200; i++) { const s = performance.now(); await d.db.selectFrom("files").selectAll().where("id", "=", "x").execute(); times.push(performance.now() - s); }
times.sort((a, b) => a - b);
console.log(r, { open: t1 - t0, migrate: t2 - t1, p50: times[100] });
await d.close();
