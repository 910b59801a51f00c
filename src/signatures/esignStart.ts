import { assertMayActAsOfficer } from "../auth/index.js";
import { MoharError } from "../errors.js";
import type { EsignService, StartDocument, StartedTransaction } from "../esign/index.js";
import type { StoredSigningDeps, SigningCaller, SigningChoices } from "./storedSigning.js";

/** What starting an eSign transaction needs of the signing services. */
export type EsignStartDeps = Pick<StoredSigningDeps, "vault" | "officers" | "tsaUrl" | "tsaCertificates" | "revocation" | "preparePdf">;

/** An eSign transaction asked for: the officer, the documents (each perhaps pinned to a version), how to sign. */
export interface EsignStartRequest extends Pick<SigningChoices, "reason" | "location" | "page" | "rect" | "timestamp"> {
  officerId: string;
  documents: Array<{ documentId: string; expectedVersion?: number }>;
}

/** The version of a document to sign: the one pinned (checked to be the latest) or the latest. */
export type PickVersion = (documentId: string, expectedVersion: number | undefined) => Promise<number>;

/**
 * Starts an Aadhaar eSign transaction over stored documents (one, or several in one), for the
 * officer the caller may act as: the officer's eSign identity, each document's version (`pick`)
 * read and prepared by the eSign service, one audit entry per document.
 */
export async function startEsign(deps: EsignStartDeps, esign: EsignService, caller: SigningCaller, request: EsignStartRequest, pick: PickVersion): Promise<StartedTransaction> {
  assertMayActAsOfficer(caller.actor, request.officerId);
  esign.assertDocumentCount(request.documents.length);
  const officer = await deps.officers.get(request.officerId, { esign: true });
  if (!officer.esign) throw new MoharError("esign.no_identity", `officer ${officer.id} has no registered eSign identity (the name and identifier the ESP writes in its certificates)`);
  const documents: StartDocument[] = [];
  for (const d of request.documents) {
    const version = await pick(d.documentId, d.expectedVersion);
    documents.push({ documentId: d.documentId, version, pdf: await deps.vault.readVersion(d.documentId, version), title: (await deps.vault.getDocument(d.documentId)).title });
  }
  const tsaUrl = deps.tsaUrl();
  const started = await esign.start({
    officer: { officerId: officer.id, name: officer.name, designation: officer.designation },
    identity: officer.esign,
    startedBy: caller.actor.id,
    documents,
    // An eSign certificate is valid for minutes: without a timestamp proving when it signed, the signature
    // could not be verified once it expired. So a timestamp is taken whenever a TSA is configured.
    options: {
      reason: request.reason,
      location: request.location,
      page: request.page,
      rect: request.rect,
      timestamp: request.timestamp ?? tsaUrl !== null,
      tsaUrl: tsaUrl ?? undefined,
      tsaCertificates: deps.tsaCertificates(),
      revocation: deps.revocation,
      preparePdf: deps.preparePdf,
    },
  });
  for (const d of started.documents) await caller.audit({ documentId: d.documentId, version: d.version, detail: `officer ${officer.id}, eSign transaction ${started.txn}` });
  return started;
}
