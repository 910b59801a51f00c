import type { Extension, Vault, VersionRecord } from "../vault/index.js";
import type { WebhookEvent } from "../webhooks/index.js";
import { auditOrTakeBack, VersionEvent, type ErrorLog, type EventHolder, type VersionFacts } from "./versionEvent.js";

/** What the version-making step needs: the vault and the webhooks that hold a version's event. */
export interface VersionStepDeps {
  vault: Vault;
  webhooks: EventHolder;
}

/** How a version's audit entry is written (once, when the version is stored), and where failures are logged. */
export interface VersionRecorder {
  audit(facts: VersionFacts): Promise<unknown>;
  log?: ErrorLog;
}

/** What one version-making action says: the event a version makes, the update it derives, its audit entry's detail. */
export interface VersionStep {
  event: (v: VersionRecord) => WebhookEvent;
  make: (base: { n: number; pdf: Buffer }) => Promise<Omit<Extension, "withRow">>;
  detail: (base: number) => string;
}

/**
 * The version-making step signing and document timestamps share: the latest version (or the
 * pinned one) extended under the document's lock, its webhook event held in the transaction of
 * the version's row, the audit entry written or the version taken back (its event dropped), then
 * the event released.
 */
export async function extendAudited(deps: VersionStepDeps, recorder: VersionRecorder, documentId: string, pinned: number | undefined, step: VersionStep): Promise<{ version: VersionRecord; base: number }> {
  const { vault } = deps;
  const event = new VersionEvent(recorder.log, deps.webhooks, step.event);
  const made = await vault.extendLatest(documentId, pinned, async (base) => ({ ...(await step.make(base)), withRow: event.withRow }));
  const { version, base } = made;
  await auditOrTakeBack(
    recorder.log,
    (f) => recorder.audit(f),
    { documentId, version: version.n, sha256: version.sha256, detail: step.detail(base) },
    event.withdrawing((...v) => vault.withdrawLatest(...v)),
  );
  await event.release();
  return made;
}
