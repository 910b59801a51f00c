import type { Kysely } from "kysely";
import { apiKeyRecordSchema, insertApiKey } from "./auth/index.js";
import type { Database } from "./db/index.js";
import { importOfficer, type Officer } from "./officers/index.js";
import { insertSession, type SessionRecord, type SessionResult } from "./signing/index.js";
import { ObjectNotFoundError, type ObjectStore } from "./store/index.js";
import { documentMetaSchema, documentsPrefix, metaKey, parseVersionKey, versionRecordSchema, Vault, type VersionRecord } from "./vault/index.js";

/** What one run of the import found in the store and added to the database (0 added on a second run). */
export interface ImportReport {
  documents: { found: number; versionsFound: number; versionsAdded: number };
  /** Version records of documents whose description never landed (an upload that crashed): not documents, skipped. */
  skippedVersions: number;
  officers: { found: number; added: number };
  apiKeys: { found: number; added: number };
  signingSessions: { found: number; added: number };
  /** Objects that are not what their key says (unparseable JSON, wrong shape): named, not imported. */
  damaged: string[];
}

/**
 * `mohar db import`: reads a store's JSON metadata (the layout before the database: documents'
 * meta.json and v/{n}.json, officers/, auth/apikeys/, signing-sessions/) into the database, each
 * row only if absent, so running it twice gives the same result and a deployment upgrades
 * without losing a version. The PDFs stay where they are; nothing in the store is changed.
 */
export async function importStoreMetadata(store: ObjectStore, db: Kysely<Database>): Promise<ImportReport> {
  const report: ImportReport = {
    documents: { found: 0, versionsFound: 0, versionsAdded: 0 },
    skippedVersions: 0,
    officers: { found: 0, added: 0 },
    apiKeys: { found: 0, added: 0 },
    signingSessions: { found: 0, added: 0 },
    damaged: [],
  };
  const read = async (key: string): Promise<unknown> => {
    try {
      return JSON.parse((await store.getBuffer(key)).toString("utf8"));
    } catch (err) {
      if (err instanceof ObjectNotFoundError) return undefined;
      if (err instanceof SyntaxError) return null;
      throw err;
    }
  };

  const vault = await Vault.open(store, db);
  const perDocument = new Map<string, { meta: boolean; records: string[] }>();
  for (const o of await store.list(documentsPrefix)) {
    const id = o.key.slice(documentsPrefix.length).split("/")[0] ?? "";
    const entry = perDocument.get(id) ?? { meta: false, records: [] };
    if (o.key === metaKey(id)) entry.meta = true;
    else if (parseVersionKey(o.key)?.ext === "json") entry.records.push(o.key);
    perDocument.set(id, entry);
  }
  for (const [id, { meta, records }] of perDocument) {
    if (!meta) {
      report.skippedVersions += records.length;
      continue;
    }
    const parsedMeta = documentMetaSchema.safeParse(await read(metaKey(id)));
    if (!parsedMeta.success || parsedMeta.data.id !== id) {
      report.damaged.push(metaKey(id));
      continue;
    }
    const versions: VersionRecord[] = [];
    for (const key of records) {
      const parsed = versionRecordSchema.safeParse(await read(key));
      if (parsed.success && parsed.data.n === parseVersionKey(key)?.n) versions.push(parsed.data);
      else report.damaged.push(key);
    }
    versions.sort((a, b) => a.n - b.n);
    report.documents.found++;
    report.documents.versionsFound += versions.length;
    report.documents.versionsAdded += await vault.importDocument(parsedMeta.data, versions);
  }

  for (const o of await store.list("officers/")) {
    const record = (await read(o.key)) as Officer | null | undefined;
    if (!record || typeof record.id !== "string" || typeof record.certificatePem !== "string") {
      report.damaged.push(o.key);
      continue;
    }
    report.officers.found++;
    if (await importOfficer(db, record)) report.officers.added++;
  }

  const revokedPrefix = "auth/apikeys-revoked/";
  const revoked = new Map<string, Date>();
  for (const o of await store.list(revokedPrefix)) {
    const marker = (await read(o.key)) as { keyId?: string; revokedAt?: string } | null | undefined;
    revoked.set(o.key.slice(revokedPrefix.length, -".json".length), new Date(marker?.revokedAt ?? o.lastModified));
  }
  for (const o of await store.list("auth/apikeys/")) {
    const parsed = apiKeyRecordSchema.safeParse(await read(o.key));
    if (!parsed.success) {
      report.damaged.push(o.key);
      continue;
    }
    report.apiKeys.found++;
    if (await insertApiKey(db, parsed.data, revoked.get(parsed.data.keyId) ?? null)) report.apiKeys.added++;
  }

  for (const o of await store.list("signing-sessions/")) {
    if (!o.key.endsWith("/session.json")) continue;
    const prefix = o.key.slice(0, -"session.json".length);
    const record = (await read(o.key)) as SessionRecord | null | undefined;
    if (!record || typeof record.id !== "string" || `signing-sessions/${record.id}/` !== prefix) {
      report.damaged.push(o.key);
      continue;
    }
    const completed = (await read(`${prefix}completed.json`)) as { completedAt?: string } | null | undefined;
    const result = (await read(`${prefix}result.json`)) as SessionResult | null | undefined;
    const before = await db.selectFrom("signing_sessions").select("id").where("id", "=", record.id).executeTakeFirst();
    await insertSession(db, record, o.lastModified, completed?.completedAt ? { at: new Date(completed.completedAt), result: result ?? null } : null);
    report.signingSessions.found++;
    if (!before) report.signingSessions.added++;
  }
  return report;
}
