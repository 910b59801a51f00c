import { createHash, randomUUID } from "node:crypto";
import type { ApiKeyRecord, NewApiKey } from "../../src/auth/index.js";
import { generateApiKey, hashSecret } from "../../src/auth/apiKeyFormat.js";
import type { Officer } from "../../src/officers/index.js";
import type { SessionRecord, SessionResult } from "../../src/signing/index.js";
import type { ObjectStore } from "../../src/store/index.js";
import type { DocumentMeta, VersionRecord } from "../../src/vault/index.js";

/**
 * The store's layout before the database (#12), written the way main's code up to 1b267d4 wrote
 * it (vault/vault.ts publishVersion and createDocument, auth/apiKeyStore.ts, officers/registry.ts,
 * signing/signingSession.ts): the same keys, the same JSON, the same order of writes. Kept here,
 * reduced to the writes, so the import can be tested against stores made by an older release.
 */
export class LegacyStoreWriter {
  constructor(private readonly store: ObjectStore) {}

  async createDocument(input: { title: string; fileNumber: string; kind: DocumentMeta["kind"]; createdBy: string; pdf: Buffer; pageCount: number }): Promise<{ document: DocumentMeta; version: VersionRecord }> {
    const id = randomUUID();
    const version = await this.publish(id, 1, input.pdf, input.pageCount, { uploader: input.createdBy, action: "upload", derivedFrom: null });
    const document: DocumentMeta = { id, title: input.title, fileNumber: input.fileNumber, kind: input.kind, createdAt: version.createdAt, createdBy: input.createdBy };
    const indexKey = `index/fileNumber/${createHash("sha256").update(input.fileNumber, "utf8").digest("hex")}/${id}`;
    await this.store.putIfAbsent(indexKey, Buffer.alloc(0));
    await this.store.putIfAbsent(`documents/${id}/meta.json`, json(document));
    return { document, version };
  }

  async addVersion(id: string, pdf: Buffer, pageCount: number, details: Pick<VersionRecord, "uploader" | "action" | "derivedFrom" | "signature">): Promise<VersionRecord> {
    let max = 0;
    for (const o of await this.store.list(`documents/${id}/v/`)) {
      const m = /\/v\/(\d+)\.json$/.exec(o.key);
      if (m) max = Math.max(max, Number(m[1]));
    }
    return this.publish(id, max + 1, pdf, pageCount, details);
  }

  /** What a crash between the PDF and the record left: the PDF alone. */
  async orphanPdf(id: string, n: number, pdf: Buffer): Promise<void> {
    await this.store.putIfAbsent(`documents/${id}/v/${n}.pdf`, pdf, pdf.length);
  }

  async createApiKey(input: NewApiKey): Promise<{ key: string; record: ApiKeyRecord }> {
    const { keyId, secret, key } = generateApiKey();
    const record: ApiKeyRecord = {
      keyId,
      secretSha256: hashSecret(secret).toString("hex"),
      role: input.role,
      name: input.name,
      ...(input.officerId ? { officerId: input.officerId } : {}),
      createdAt: new Date().toISOString(),
    };
    await this.store.putIfAbsent(`auth/apikeys/${keyId}.json`, Buffer.from(JSON.stringify(record)));
    return { key, record };
  }

  async revokeApiKey(keyId: string): Promise<void> {
    await this.store.putIfAbsent(`auth/apikeys-revoked/${keyId}.json`, Buffer.from(JSON.stringify({ keyId, revokedAt: new Date().toISOString() })));
  }

  async putOfficer(record: Officer, identities: string[]): Promise<void> {
    for (const identity of identities) {
      const claim = Buffer.from(JSON.stringify({ officerId: record.id }));
      await this.store.putIfAbsent(`officer-certificates/${identity}.json`, claim, claim.length);
    }
    await this.store.putIfAbsent(`officers/${record.id}.json`, Buffer.from(`${JSON.stringify(record, null, 2)}\n`));
  }

  async saveSession(record: SessionRecord, preparedPdf: Buffer, completion?: { at: Date; result: SessionResult }): Promise<void> {
    await this.store.putIfAbsent(`signing-sessions/${record.id}/prepared.pdf`, preparedPdf, preparedPdf.length);
    const body = Buffer.from(JSON.stringify(record));
    await this.store.putIfAbsent(`signing-sessions/${record.id}/session.json`, body, body.length);
    if (!completion) return;
    const done = Buffer.from(JSON.stringify({ completedAt: completion.at.toISOString() }));
    await this.store.putIfAbsent(`signing-sessions/${record.id}/completed.json`, done, done.length);
    const result = Buffer.from(JSON.stringify(completion.result));
    await this.store.putIfAbsent(`signing-sessions/${record.id}/result.json`, result, result.length);
  }

  private async publish(id: string, n: number, pdf: Buffer, pageCount: number, details: Pick<VersionRecord, "uploader" | "action" | "derivedFrom" | "signature">): Promise<VersionRecord> {
    await this.store.putIfAbsent(`documents/${id}/v/${n}.pdf`, pdf, pdf.length);
    const record: VersionRecord = {
      n,
      sha256: createHash("sha256").update(pdf).digest("hex"),
      size: pdf.length,
      pageCount,
      createdAt: new Date().toISOString(),
      ...details,
    };
    await this.store.putIfAbsent(`documents/${id}/v/${n}.json`, json(record));
    return record;
  }
}

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value, null, 2), "utf8");
}
