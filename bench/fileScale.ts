/**
 * `npx tsx bench/fileScale.ts [files]`: the offices' daily questions on a year of files.
 * Fills the embedded engine (PGlite) with `files` files (default 100,000) and ten custody steps
 * each (1,000,000 movements, 1.08 million file events), then times, interleaved round by round,
 * an officer's pending list, an office's weekly pendency statement (as of now and as of a week
 * ago), an office's weekly activity counts (signatures made included: one document per file,
 * signed once), and a floor (`select 1` through the same pool).
 * Target (#12): pending list and pendency statement under 50 ms p50 on the embedded engine.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { DatabaseHandle } from "../src/db/index.js";
import { FileQueries } from "../src/files/index.js";
import { summarize, type Summary } from "./stats.js";

const OFFICES = 40;
const OFFICERS_PER_OFFICE = 50;
const STEPS = 10;
const DAY_MS = 86_400_000;

export interface FileScaleResult {
  files: number;
  movements: number;
  events: number;
  signatures: number;
  loadSeconds: number;
  floorMs: Summary;
  pendingListMs: Summary;
  pendencyNowMs: Summary;
  pendencyWeekAgoMs: Summary;
  activityWeekMs: Summary;
  pendingItems: number;
  pendencyRows: number;
}

/** Fills the tables in the database itself (generate_series), so loading a million rows takes seconds, not an hour of inserts. */
async function fill(handle: DatabaseHandle, files: number, now: Date): Promise<void> {
  const db = await handle.get();
  const openFrom = Math.floor(files * 0.8); // the newest 20% are still moving
  const params = { now: now.toISOString(), files, openFrom };
  // File i is created i/files of a year ago..now; its steps share what time it has had (at most 2 days each).
  await sql`
    insert into files (id, file_number, subject, office, section, created_by, created_at, status, holder_kind, holder_id, row_version)
    select 'f' || i, 'BENCH/' || (i % ${OFFICES}) || '/' || i, 'Subject of file ' || i, 'Office-' || (i % ${OFFICES}), null, 'clerk',
           ${params.now}::timestamptz - interval '365 days' * (1 - i::float8 / ${files}),
           case when i < ${openFrom} then 'closed' else 'open' end, 'officer',
           'officer-' || (i % ${OFFICES}) || '-' || ((i / ${OFFICES} * 7 + ${STEPS} * 13) % ${OFFICERS_PER_OFFICE}), ${STEPS}
    from generate_series(0, ${files} - 1) as i`.execute(db);
  await sql`
    insert into file_holds (file_id, office, step, holder_kind, holder_id, from_at, to_at, sent_by, remarks, due_date, received_at, received_by)
    select f.id, f.office, s, 'officer', 'officer-' || (f.n % ${OFFICES}) || '-' || ((f.n / ${OFFICES} * 7 + s * 13) % ${OFFICERS_PER_OFFICE}),
           f.created_at + f.dur * (s - 1),
           case when s = ${STEPS} and f.n >= ${openFrom} then null else f.created_at + f.dur * s end,
           'clerk', null,
           case when s = ${STEPS} and f.n % 3 = 0 then to_char(f.created_at + f.dur * (s - 1) + interval '5 days', 'YYYY-MM-DD') end,
           f.created_at + f.dur * (s - 1) + interval '1 hour', 'officer'
    from (select id, office, substring(id from 2)::int as n, created_at,
                 least(interval '2 days', (${params.now}::timestamptz - created_at) / ${STEPS + 1}) as dur from files) f,
         generate_series(1, ${STEPS}) as s`.execute(db);
  await sql`
    insert into file_events (file_id, office, action, actor, at)
    select h.file_id, f.office, case when h.step = 1 then 'created' else 'forwarded' end, 'clerk', h.from_at
    from file_holds h join files f on f.id = h.file_id`.execute(db);
  await sql`
    insert into file_events (file_id, office, action, actor, at)
    select h.file_id, f.office, 'closed', 'officer', h.to_at
    from file_holds h join files f on f.id = h.file_id where h.step = ${STEPS} and h.to_at is not null`.execute(db);
  // One document per file under its number (half of them also attached to it): uploaded when the
  // file opened, signed at its fifth step: the activity report counts the signatures per office.
  await sql`
    insert into documents (id, title, file_number, kind, created_at, created_by)
    select 'd' || substring(id from 2), 'Notesheet', file_number, 'notesheet', created_at, 'clerk' from files`.execute(db);
  await sql`
    insert into file_documents (file_id, document_id, attached_by, attached_at)
    select id, 'd' || substring(id from 2), 'clerk', created_at from files where substring(id from 2)::int % 2 = 0`.execute(db);
  await sql`
    insert into versions (document_id, n, sha256, size, page_count, created_at, uploader, derived_from, action, signature)
    select 'd' || substring(h.file_id from 2), v, repeat('0', 64), 1000, 1, h.from_at, 'clerk', nullif(v - 1, 0),
           case when v = 1 then 'upload' else 'signature' end, case when v = 1 then null else '{}'::jsonb end
    from file_holds h, generate_series(1, 2) as v
    where h.step = case when v = 1 then 1 else 5 end`.execute(db);
  await sql`analyze`.execute(db);
}

export async function fileScale(files = 100_000, rounds = 41): Promise<FileScaleResult> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-bench-files-"));
  const handle = new DatabaseHandle({ engine: "pglite", dataDir: dir });
  try {
    const now = new Date();
    const t0 = performance.now();
    await fill(handle, files, now);
    const loadSeconds = (performance.now() - t0) / 1000;
    const db = await handle.get();
    const count = async (table: "file_holds" | "file_events" | "versions") =>
      Number((await db.selectFrom(table).select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow()).n);
    const queries = new FileQueries(() => handle.get(), new Set(), () => now);
    const weekAgo = new Date(now.getTime() - 7 * DAY_MS);
    // Interleaved: each round asks every question once, for another officer and office, so a
    // burst of load on the shared machine falls on all of them alike.
    const samples = { floor: [] as number[], pending: [] as number[], pendencyNow: [] as number[], pendencyWeekAgo: [] as number[], activity: [] as number[] };
    let pendingItems = 0;
    let pendencyRows = 0;
    const time = async (into: number[], fn: () => Promise<unknown>) => {
      const s = performance.now();
      await fn();
      into.push(performance.now() - s);
    };
    for (let r = -2; r < rounds; r++) {
      const office = `Office-${r < 0 ? 0 : r % OFFICES}`;
      const officer = `officer-${r < 0 ? 0 : r % OFFICES}-${r < 0 ? 0 : (r * 3) % OFFICERS_PER_OFFICE}`;
      const round = { floor: [] as number[], pending: [] as number[], pendencyNow: [] as number[], pendencyWeekAgo: [] as number[], activity: [] as number[] };
      await time(round.floor, () => sql`select 1`.execute(db));
      await time(round.pending, async () => (pendingItems = (await queries.pending({ kind: "officer", id: officer })).length));
      await time(round.pendencyNow, async () => (pendencyRows = (await queries.pendency(office, now)).length));
      await time(round.pendencyWeekAgo, () => queries.pendency(office, weekAgo));
      await time(round.activity, () => queries.activity(office, weekAgo, now));
      if (r < 0) continue; // warm-up rounds
      for (const k of Object.keys(samples) as (keyof typeof samples)[]) samples[k].push(...round[k]);
    }
    return {
      files,
      movements: await count("file_holds"),
      events: await count("file_events"),
      signatures: (await count("versions")) - files,
      loadSeconds,
      floorMs: summarize(samples.floor),
      pendingListMs: summarize(samples.pending),
      pendencyNowMs: summarize(samples.pendencyNow),
      pendencyWeekAgoMs: summarize(samples.pendencyWeekAgo),
      activityWeekMs: summarize(samples.activity),
      pendingItems,
      pendencyRows,
    };
  } finally {
    await handle.close();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const files = Number(process.argv[2] ?? 100_000);
  const r = await fileScale(files);
  const ms = (s: Summary) => `${s.p50.toFixed(2)} / ${s.p99.toFixed(2)}`;
  console.log(`${r.files} files, ${r.movements} movements, ${r.events} events, ${r.signatures} signatures, loaded in ${r.loadSeconds.toFixed(1)} s`);
  console.table({
    "floor: select 1 (ms p50/p99)": ms(r.floorMs),
    [`pending list of an officer, ${r.pendingItems} items (ms p50/p99)`]: ms(r.pendingListMs),
    [`pendency statement of an office now, ${r.pendencyRows} rows (ms p50/p99)`]: ms(r.pendencyNowMs),
    "pendency statement as of a week ago (ms p50/p99)": ms(r.pendencyWeekAgoMs),
    "activity of an office over a week, signatures included (ms p50/p99)": ms(r.activityWeekMs),
  });
}
