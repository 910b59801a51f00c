import { X509Certificate } from "node:crypto";
import { assertMayActAsOfficer, type Actor } from "../auth/index.js";
import { MoharError } from "../errors.js";
import { certificateFromPem, type Officer, type OfficerRegistry } from "../officers/index.js";
import type { PdfPreparer } from "../pdf/index.js";
import { pemBlocks, type KeyStore, type LiveRevocation, type RevocationSource } from "../pki/index.js";
import {
  completeSigning,
  prepareSigning,
  signDocument,
  type CompletedSigning,
  type PreparedSigning,
  type SignatureInfo,
  type SignatureRequest,
  type SigningSession,
  type SigningSessionStore,
} from "../signing/index.js";
import type { Vault, VersionRecord } from "../vault/index.js";
import { extendAudited } from "./extendAudited.js";
import { auditOrTakeBack, documentSigned, VersionEvent, type ErrorLog, type EventHolder, type VersionFacts } from "./versionEvent.js";

export interface StoredSigningDeps {
  vault: Vault;
  officers: OfficerRegistry;
  keyStore: KeyStore;
  sessions: SigningSessionStore;
  webhooks: EventHolder;
  tsaUrl(): string | null;
  tsaCertificates(): Buffer[];
  revocation: RevocationSource;
  /** Parses the stored version and writes the signature's update: on the worker pool for the service; absent, on this thread (the CLI). */
  preparePdf?: PdfPreparer;
  /** OCSP/CRL fetching at signing (REVOCATION_FETCH); absent when off. */
  liveRevocation?: LiveRevocation;
  /** Observes each call to the TSA (metrics). */
  observeTsa?: SignatureRequest["observeTsa"];
}

/** The facts of an action's audit entry; who, which action and the outcome are the recorder's. */
export interface ActionFacts {
  documentId?: string;
  version?: number;
  sha256?: string;
  detail?: string;
}

/** The version a caller pins (expectedVersion, If-Match: 412 when it is not the latest), or undefined for the latest; asked once the officer is known. */
export type VersionPin = () => Promise<number | undefined>;

/** Who asks, and how their action is recorded: the HTTP trail (with its request id and failure entry) or the CLI's log. */
export interface SigningCaller {
  actor: Actor;
  /** Records the action's success; called once, when the change is made. */
  audit(facts: ActionFacts): Promise<unknown>;
  /** Facts learnt before the action can fail (the document a session is for), for a failure entry. */
  about?(facts: Pick<ActionFacts, "documentId" | "version">): void;
  log?: ErrorLog;
}

/** Who a version is stored for and how it is recorded, when the caller acts for someone (the eSign answer, posted by a browser). */
export interface StoreRecorder extends Pick<SigningCaller, "audit" | "log"> {
  uploader: string;
}

/** How to sign: appearance, reason and the like (the officer and the version are named apart). */
export type SigningChoices = Pick<SignatureRequest, "reason" | "location" | "contactInfo" | "page" | "rect" | "certify" | "timestamp">;

export interface PreparedStored extends PreparedSigning {
  documentId: string;
  version: number;
}

function signatureRecord(s: SignatureInfo, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...s, signingTime: s.signingTime.toISOString(), ...extra };
}

function isCertificate(der: Buffer): boolean {
  try {
    new X509Certificate(der);
    return true;
  } catch {
    return false;
  }
}

/** The stored document version a session signs; sessions for stored documents always have one. */
function storedTarget(session: SigningSession): { documentId: string; version: number } {
  if (session.documentId === undefined || session.version === undefined) {
    throw new MoharError("signing.session_without_document", `signing session ${session.id} was not prepared for a stored document`);
  }
  return { documentId: session.documentId, version: session.version };
}

/**
 * Signing a stored document, for HTTP and the CLI alike: the officer check, the latest version
 * under the document's lock, the key, the signature, the new version published with its webhook
 * event held in the same transaction, the audit entry (or the version taken back without it),
 * then the event released. Each signature becomes a new version derived from the one it signed.
 */
export class StoredDocumentSigning {
  constructor(private readonly s: StoredSigningDeps) {}

  /** A signature request for `officer` with the service's TSA, revocation data and PDF preparer. */
  private request(officer: Officer, choices: SigningChoices): SignatureRequest {
    const s = this.s;
    return {
      ...choices,
      officer: { officerId: officer.id, name: officer.name, designation: officer.designation },
      tsaUrl: s.tsaUrl() ?? undefined,
      observeTsa: s.observeTsa,
      tsaCertificates: s.tsaCertificates(),
      revocation: s.revocation,
      preparePdf: s.preparePdf,
      liveRevocation: s.liveRevocation,
    };
  }

  /** Signs a PDF not (yet) stored in one step with the key mohar holds for an officer (the weekly statement). */
  async signWithHeldKey(pdf: Buffer, officerId: string, choices: SigningChoices): Promise<{ pdf: Buffer; signature: Record<string, unknown> }> {
    const officer = await this.s.officers.get(officerId);
    const signed = await signDocument({ pdf, key: await this.s.keyStore.load(officer.id), ...this.request(officer, choices) });
    return { pdf: signed.pdf, signature: signatureRecord(signed.signature) };
  }

  /**
   * One-step signing of a stored document with the officer's held key, on the version that is
   * latest under the document's lock (or the one `pin` names, checked once the officer is known:
   * 412 if it is not the latest any more).
   */
  async sign(caller: SigningCaller, documentId: string, officerId: string, pin: VersionPin, choices: SigningChoices): Promise<VersionRecord> {
    assertMayActAsOfficer(caller.actor, officerId);
    const officer = await this.s.officers.get(officerId);
    const pinned = await pin();
    const key = await this.s.keyStore.load(officer.id);
    const { version } = await extendAudited(this.s, caller, documentId, pinned, {
      event: (v) => documentSigned(documentId, v, v.derivedFrom ?? v.n - 1, officer.id),
      make: async ({ pdf }) => {
        const signed = await signDocument({ pdf, key, ...this.request(officer, choices) });
        return { pdf: signed.pdf, uploader: caller.actor.id, action: "signature", signature: signatureRecord(signed.signature) };
      },
      detail: (n) => `officer ${officer.id} signed version ${n}`,
    });
    return version;
  }

  /**
   * Two-phase signing, first step: the signed attributes' digest for the officer's token, over
   * the version `pin` names (else the latest). A certificate given must be the officer's on record.
   */
  async prepare(
    caller: SigningCaller,
    documentId: string,
    officerId: string,
    pin: VersionPin,
    choices: SigningChoices & { certificatePem?: string; chainPem?: string },
  ): Promise<PreparedStored> {
    assertMayActAsOfficer(caller.actor, officerId);
    const officer = await this.s.officers.get(officerId);
    const n = (await pin()) ?? (await this.s.vault.latestVersion(documentId));
    const pdf = await this.s.vault.readVersion(documentId, n);
    const { certificatePem, chainPem, ...rest } = choices;
    const certificate = certificateFromPem(officer.certificatePem);
    if (certificatePem !== undefined && !certificateFromPem(certificatePem).equals(certificate)) {
      throw new MoharError(
        "auth.not_this_officer_certificate",
        `the certificate given is not the one on record for officer ${officer.id}; an officer signs only with their own certificate (register a renewed certificate first)`,
      );
    }
    const chain = chainPem ?? officer.chainPem;
    const chainDer = chain ? pemBlocks(chain, "CERTIFICATE") : [];
    if (chainPem !== undefined && (chainDer.length === 0 || !chainDer.every(isCertificate))) {
      throw new MoharError("signing.bad_chain", "chainPem must hold one or more PEM certificates (the issuers of the signing certificate)");
    }
    const prepared = await prepareSigning(this.s.sessions, { pdf, certificate, chain: chainDer, documentId, version: n, ...this.request(officer, rest) });
    await caller.audit({ documentId, version: n, detail: `officer ${officer.id}, session ${prepared.sessionId}` });
    return { ...prepared, documentId, version: n };
  }

  /**
   * A completed two-phase signature must extend the newest version, or a version added since
   * prepare would be missing from the result. This is the early, clearer refusal (409
   * signing.document_changed, before the CMS is embedded); what guarantees it, also between two
   * completions at the same instant or across instances, is the vault's publish, which refuses a
   * version that does not directly follow the one it extends (409 version.superseded).
   */
  async assertStillLatest(documentId: string, n: number, what = "taken for signing"): Promise<void> {
    const now = await this.s.vault.latestVersion(documentId);
    if (now !== n) {
      throw new MoharError("signing.document_changed", `document ${documentId} gained version ${now} after version ${n} was ${what}; sign again`);
    }
  }

  /**
   * Two-phase signing, second step: the token's signature (or CMS) embedded, the version stored
   * and audited. A retry of a completion whose answer was lost gets the version it made.
   */
  async complete(caller: SigningCaller, sid: string, answer: { signature?: Buffer; cms?: Buffer }): Promise<{ documentId: string; version: VersionRecord }> {
    const { vault, sessions } = this.s;
    const made = await sessions.result(sid);
    if (made) {
      const session = await sessions.load(sid);
      caller.about?.(made);
      assertMayActAsOfficer(caller.actor, session.officer.officerId);
      const version = await vault.versionRecord(made.documentId, made.version);
      await caller.audit({ ...made, sha256: version.sha256, detail: `retry of session ${sid}: answered with version ${made.version}, nothing signed again` });
      return { documentId: made.documentId, version };
    }
    const done = await completeSigning(sessions, sid, answer, {
      accept: async (session) => {
        caller.about?.({ documentId: session.documentId, version: session.version });
        assertMayActAsOfficer(caller.actor, session.officer.officerId);
        const { documentId, version } = storedTarget(session);
        await this.assertStillLatest(documentId, version);
      },
      observeTsa: this.s.observeTsa,
    });
    const officerId = done.session.officer.officerId;
    const { documentId } = storedTarget(done.session);
    const version = await this.storeCompleted(
      { ...caller, uploader: caller.actor.id },
      done,
      (n) => `officer ${officerId} signed version ${n}, session ${sid}`,
      {},
      (v) => sessions.recordResult(sid, { documentId, version: v.n }),
      async (withdrawn) => {
        if (withdrawn) await sessions.reopen(sid);
      },
    );
    return { documentId, version };
  }

  /**
   * Stores a signature completed outside this service's sessions' own route (an eSign answer):
   * the version added, audited as `caller` or taken back. Returns the new version.
   */
  async storeEsigned(recorder: StoreRecorder, done: CompletedSigning, txn: string): Promise<VersionRecord> {
    const officerId = done.session.officer.officerId;
    return this.storeCompleted(recorder, done, (n) => `officer ${officerId} signed version ${n} with Aadhaar eSign, transaction ${txn}`, { esign: true });
  }

  private async storeCompleted(
    caller: StoreRecorder,
    done: CompletedSigning,
    detailOf: (n: number) => string,
    extra: Record<string, unknown>,
    afterStore?: (v: VersionRecord) => Promise<void>,
    afterWithdraw?: (withdrawn: boolean) => Promise<void>,
  ): Promise<VersionRecord> {
    const { vault } = this.s;
    const { documentId, version: n } = storedTarget(done.session);
    const event = new VersionEvent(caller.log, this.s.webhooks, (v) => documentSigned(documentId, v, n, done.session.officer.officerId));
    const version = await vault.addVersion(documentId, {
      pdf: done.pdf,
      uploader: caller.uploader,
      action: "signature",
      derivedFrom: n,
      signature: signatureRecord(done.signature, extra),
      appendsToDerivedFrom: true,
      withRow: event.withRow,
    });
    await afterStore?.(version);
    // Without its entry the version is taken back (and a session opened again: a retry with the same signature completes it).
    await this.auditVersion(
      caller,
      { documentId, version: version.n, sha256: version.sha256, detail: detailOf(n) },
      event.withdrawing(async (...v) => {
        const withdrawn = await vault.withdrawLatest(...v);
        await afterWithdraw?.(withdrawn);
        return withdrawn;
      }),
    );
    await event.release();
    return version;
  }

  private auditVersion(caller: Pick<SigningCaller, "audit" | "log">, facts: VersionFacts, withdraw: (id: string, n: number, sha256: string) => Promise<boolean>): Promise<unknown> {
    return auditOrTakeBack(caller.log, (f) => caller.audit(f), facts, withdraw);
  }
}
