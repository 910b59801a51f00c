import type { AuditEvent } from "./audit/index.js";
import { DocumentTimestamping, type EventHolder, type Stamp } from "./signatures/index.js";
import { dueForTimestamp } from "./signing/index.js";
import type { Vault } from "./vault/index.js";

export interface RetimestampOptions {
  vault: Vault;
  /** Where each new version's entry goes (the audit log). */
  audit: { append(event: AuditEvent): Promise<unknown> };
  /** Hold each new version's version.added event until its entry is written, as the HTTP route does. */
  webhooks: EventHolder;
  /** A version is extended when its newest timestamp's TSA certificate ends within this many days. */
  horizonDays: number;
  now?: Date;
  /** Adds the document timestamp (`addDocumentTimestamp` with the configured TSA). */
  stamp: Stamp;
  /** One line per document looked at. */
  progress?: (line: string) => void;
}

export interface RetimestampSummary {
  /** Latest versions that are signed (or timestamped) and were looked at. */
  checked: number;
  extended: number;
  notDue: number;
  failed: Array<{ documentId: string; version: number; reason: string }>;
}

/** The latest version of every document, from the vault's ordered listing (document id, then number). */
async function* latestVersions(vault: Vault): AsyncGenerator<{ id: string; n: number }> {
  let current: { id: string; n: number } | null = null;
  for await (const v of vault.versionsStored()) {
    if (current && current.id !== v.id) yield current;
    current = v;
  }
  if (current) yield current;
}

/**
 * The vault-wide re-timestamping job (`mohar ltv job --horizon-days N`): every latest signed
 * version whose newest timestamp's TSA certificate ends within the horizon (or that carries no
 * timestamp) gets a document timestamp as a new version, with its audit entry
 * (`document.timestamp`, by `system`) and its version.added event, through the same use case as
 * POST /v1/documents/:id/timestamps (`signatures/documentTimestamping.ts`): a version whose entry
 * cannot be written is taken back.
 * Resumable: a version extended before now has a fresh timestamp and is not due again, so a run
 * stopped halfway is simply run again. A document changed meanwhile is reported, not forced.
 */
export async function retimestampVault(opts: RetimestampOptions): Promise<RetimestampSummary> {
  const now = opts.now ?? new Date();
  const say = opts.progress ?? (() => {});
  const timestamping = new DocumentTimestamping({ vault: opts.vault, webhooks: opts.webhooks, stamper: () => opts.stamp });
  const summary: RetimestampSummary = { checked: 0, extended: 0, notDue: 0, failed: [] };
  for await (const { id, n } of latestVersions(opts.vault)) {
    const record = await opts.vault.versionRecord(id, n);
    if (record.action === "upload" && !record.signature) continue;
    summary.checked++;
    try {
      const { due, newest } = dueForTimestamp(await opts.vault.readVersion(id, n), now, opts.horizonDays);
      const newestWords = newest ? `newest timestamp ${newest.genTime.toISOString()}, TSA certificate until ${newest.tsaNotAfter?.toISOString() ?? "unknown"}` : "no timestamp";
      if (!due) {
        summary.notDue++;
        say(`[${summary.checked}] ${id} v${n}: not due (${newestWords})`);
        continue;
      }
      const { version } = await timestamping.timestamp(
        { uploader: "system", audit: (facts) => opts.audit.append({ ...facts, actor: "system", action: "document.timestamp", outcome: "success" }) },
        id,
        async () => n,
        (base) => `re-timestamp job (horizon ${opts.horizonDays} days): document timestamp added to version ${base} (${newestWords})`,
      );
      summary.extended++;
      say(`[${summary.checked}] ${id} v${n}: extended as v${version.n} (${newestWords})`);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      summary.failed.push({ documentId: id, version: n, reason });
      say(`[${summary.checked}] ${id} v${n}: FAILED: ${reason}`);
    }
  }
  return summary;
}
