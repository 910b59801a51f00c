import type { Logger } from "pino";
import { AuditLog, CheckpointWitness, loadOrCreateLogKey } from "./audit/index.js";
import type { Config } from "./config.js";
import { DatabaseHandle } from "./db/index.js";
import { isMoharError, MoharError } from "./errors.js";
import { auditActionOf } from "./http/route.js";
import { OfficerKeyStore, OfficerRegistry } from "./officers/index.js";
import { RevocationSource } from "./pki/index.js";
import { StoredDocumentSigning, type SigningChoices } from "./signatures/index.js";
import { SigningSessionStore } from "./signing/index.js";
import { openStore } from "./store/index.js";
import { Vault, type VersionRecord } from "./vault/index.js";
import { TargetPolicy, WebhookService } from "./webhooks/index.js";

export interface SignStoredInput extends SigningChoices {
  documentId: string;
  officerId: string;
  /** Sign only if this is still the latest version. */
  expectedVersion?: number;
  /** Who runs the command, as the audit entry names them (`cli:<user>`). */
  operator: string;
}

/**
 * `mohar sign --document <id> --officer <id>`: signs the latest version of a stored document with
 * the officer's held key, on the data directory the configuration names, through the same use case
 * as POST /v1/documents/{id}/signatures (its audit entry, its webhook event, the version taken back
 * without its entry). With the embedded database the service must be stopped (one process at a time).
 */
export async function signStoredDocument(config: Config, input: SignStoredInput, logger: Logger): Promise<VersionRecord> {
  const store = await openStore(config.store);
  const database = new DatabaseHandle(config.database);
  let audit: AuditLog | null = null;
  try {
    const { db } = (await database.ready()).open;
    const key = await loadOrCreateLogKey(config.audit.keyFile, config.audit.origin);
    const witness = config.audit.witnessFile ? new CheckpointWitness(config.audit.witnessFile) : undefined;
    audit = await AuditLog.open({ store, key, verifyOnStart: config.audit.verifyOnStart, witness, logger });
    const log = audit;
    const vault = await Vault.open(store, db, { maxPages: config.maxPages });
    const keyConfig = { keyPassword: config.pki.officerKeyPassword, keyDir: config.pki.officerKeyDir, pkcs11: config.pki.pkcs11 };
    const officers = new OfficerRegistry(db, keyConfig);
    // The development TSA lives inside the service ("self"): the command timestamps only with a TSA it can reach.
    const tsaUrl = config.pki.tsaUrl === "self" ? null : config.pki.tsaUrl;
    const signing = new StoredDocumentSigning({
      vault,
      officers,
      keyStore: new OfficerKeyStore(officers, keyConfig),
      sessions: new SigningSessionStore(store, db),
      webhooks: new WebhookService({ db: () => database.get(), dbIfOpen: () => database.ifOpened(), policy: new TargetPolicy(config.webhooks.allowNetworks) }),
      tsaUrl: () => tsaUrl,
      tsaCertificates: () => [],
      revocation: RevocationSource.fromDirIfPresent(config.pki.crlDir),
    });
    const actor = { id: input.operator, roles: ["officer" as const], officerId: input.officerId, authMethod: "cli" as const };
    const action = auditActionOf("signDocument");
    const { documentId, officerId, expectedVersion, operator: _operator, ...choices } = input;
    const pin = async (): Promise<number | undefined> => {
      if (expectedVersion === undefined) return undefined;
      const latest = await vault.latestVersion(documentId);
      if (latest !== expectedVersion) throw new MoharError("version.precondition_failed", `expectedVersion is ${expectedVersion} but the latest version of document ${documentId} is ${latest}; nothing was stored`);
      return latest;
    };
    const caller = { actor, audit: (facts: object) => log.append({ ...facts, actor: actor.id, action, outcome: "success" as const }), log: logger };
    try {
      return await signing.sign(caller, documentId, officerId, pin, choices);
    } catch (err) {
      await log.append({ actor: actor.id, action, outcome: "failure", documentId, detail: (isMoharError(err) ? `${err.code}: ${err.message}` : "internal error").slice(0, 500) }).catch(() => undefined);
      throw err;
    }
  } finally {
    await audit?.close();
    await database.close();
    await store.close();
  }
}
