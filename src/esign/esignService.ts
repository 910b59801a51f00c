import { randomBytes, X509Certificate } from "node:crypto";
import { isMoharError, MoharError } from "../errors.js";
import { completeSigning, prepareForExternalSigner, SigningSessionStore, type CompletedSigning, type SignatureRequest, type SignerIdentity, type SigningSession } from "../signing/index.js";
import type { ObjectStore } from "../store/index.js";
import { acceptEsignCertificate, type EsignIdentity } from "./esignIdentity.js";
import { esignRequestXml, readEsignResponse } from "./esignXml.js";
import { EsignTransactionStore, type DocumentOutcome, type EsignTransaction, type TransactionDocument, type TransactionResult } from "./transactionStore.js";
import { signEnveloped, verifyEnveloped } from "./xmlSignature.js";

/** How mohar, as an Application Service Provider, talks to one eSign Service Provider. */
export interface EsignSettings {
  aspId: string;
  /** The ASP's private key (PEM) and certificate, with which every request is signed. */
  aspKeyPem: string;
  aspCertificatePem: string;
  /** The ESP's form endpoint the browser posts the signed request to. */
  espUrl: string;
  /** The certificate the ESP signs its responses with: the only key a response is checked with. */
  espCertificate: X509Certificate;
  /** The CAs the ESP issues per-transaction certificates under. */
  espCas: X509Certificate[];
  /** mohar's callback the ESP posts its response to. */
  responseUrl: string;
  /** 1 OTP, 2 fingerprint, 3 iris. */
  authMode: string;
  /** How long a transaction waits for the ESP's answer. */
  ttlMs: number;
  /** The most documents one transaction carries. */
  maxDocuments: number;
  /** The service's clock (tests move it). */
  now?: () => Date;
}

export interface StartDocument {
  documentId: string;
  version: number;
  pdf: Buffer;
  /** What the officer sees at the ESP about the document. */
  title: string;
}

export interface StartInput {
  officer: SignerIdentity;
  identity: EsignIdentity;
  startedBy: string;
  documents: StartDocument[];
  /** reason, location, timestamp, the TSA, the worker pool's preparer... */
  options: Omit<SignatureRequest, "officer">;
  now?: Date;
}

export interface StartedTransaction {
  txn: string;
  expiresAt: Date;
  /** The form the browser posts to the ESP (eSign API 2.1: eSignRequest, aspTxnID, Content-Type). */
  form: { action: string; method: "POST"; fields: Record<string, string> };
  documents: TransactionDocument[];
}

/** What the caller does for each document of an answered transaction. */
export interface AnswerHooks {
  /** Checks before the signature is embedded (is the version still the latest). */
  accept(session: SigningSession): Promise<void>;
  /** Stores the signed PDF as the document's new version, with its audit entry; returns its number. */
  store(done: CompletedSigning, txn: EsignTransaction): Promise<number>;
  /** Records a document that was not signed. */
  failed(doc: TransactionDocument, txn: EsignTransaction, error: { code: string; detail: string }, cause: unknown): Promise<void>;
}

export type TransactionStatus = "open" | "expired" | "answering" | TransactionResult["status"];

/**
 * The ASP side of Aadhaar eSign: starts a transaction (one two-phase session and one InputHash
 * per document, the request signed with the ASP's key) and takes the ESP's answer (its XML
 * signature checked with the configured ESP certificate, each PKCS#7 accepted only from a
 * certificate under a configured ESP CA naming the officer's eSign identity, then embedded).
 */
export class EsignService {
  private readonly sessions: SigningSessionStore;
  private readonly txns: EsignTransactionStore;

  constructor(
    private readonly settings: EsignSettings,
    store: ObjectStore,
    sessions: SigningSessionStore,
  ) {
    this.sessions = sessions;
    this.txns = new EsignTransactionStore(store);
  }

  /** Refuses a transaction of no documents or of more than the setting allows, before any is read. */
  assertDocumentCount(n: number): void {
    if (n === 0) throw new MoharError("request.invalid", "name at least one document");
    if (n > this.settings.maxDocuments) {
      throw new MoharError("esign.too_many_documents", `one eSign transaction carries at most ${this.settings.maxDocuments} documents (ESIGN_MAX_DOCUMENTS), ${n} were named`);
    }
  }

  private clock(): Date {
    return this.settings.now?.() ?? new Date();
  }

  async start(input: StartInput): Promise<StartedTransaction> {
    const now = input.now ?? this.clock();
    this.assertDocumentCount(input.documents.length);
    if (new Set(input.documents.map((d) => d.documentId)).size !== input.documents.length) throw new MoharError("request.invalid", "a document is named twice");
    const txn = randomBytes(16).toString("base64url");
    const documents: TransactionDocument[] = [];
    const hashes = [];
    for (const [i, d] of input.documents.entries()) {
      const prepared = await prepareForExternalSigner(this.sessions, {
        ...input.options,
        officer: input.officer,
        pdf: d.pdf,
        documentId: d.documentId,
        version: d.version,
        now,
        ttlMs: this.settings.ttlMs,
      });
      const inputId = String(i + 1);
      documents.push({ inputId, documentId: d.documentId, version: d.version, sessionId: prepared.sessionId });
      hashes.push({ id: inputId, sha256: prepared.contentDigest, docInfo: d.title.slice(0, 100) });
    }
    const expiresAt = new Date(now.getTime() + this.settings.ttlMs);
    await this.txns.save({ txn, officerId: input.officer.officerId, identity: input.identity, startedBy: input.startedBy, createdAt: now.toISOString(), expiresAt: expiresAt.toISOString(), documents });
    const xml = esignRequestXml({ ver: "2.1", ts: now, txn, aspId: this.settings.aspId, authMode: this.settings.authMode, responseUrl: this.settings.responseUrl, docs: hashes });
    const signed = signEnveloped(xml, this.settings.aspKeyPem, this.settings.aspCertificatePem);
    return { txn, expiresAt, documents, form: { action: this.settings.espUrl, method: "POST", fields: { eSignRequest: signed, aspTxnID: txn, "Content-Type": "application/xml" } } };
  }

  /**
   * Takes the ESP's answer (the eSignResponse the browser brought back). A response that does not
   * verify, names no known transaction or comes too late changes nothing. Otherwise the first
   * answer claims the transaction; each document is signed or fails on its own, and the outcome
   * of each is recorded and returned.
   */
  async answer(responseXml: string, hooks: AnswerHooks, now = this.clock()): Promise<{ transaction: EsignTransaction; result: TransactionResult }> {
    const resp = readEsignResponse(verifyEnveloped(responseXml, this.settings.espCertificate, "esign.bad_response", "the ESP's response"));
    const t = await this.txns.load(resp.txn);
    if (now.getTime() > Date.parse(t.expiresAt)) {
      throw new MoharError("esign.transaction_expired", `eSign transaction ${t.txn} expired at ${t.expiresAt}; the ESP answered too late, start again`);
    }
    await this.txns.claim(t.txn, now);
    if (resp.status !== "1") {
      const result: TransactionResult = {
        status: "refused",
        answeredAt: now.toISOString(),
        esp: { errCode: resp.errCode, errMsg: resp.errMsg },
        documents: t.documents.map((d) => ({ documentId: d.documentId, version: d.version, status: "failed", error: { code: "esign.refused", detail: `${resp.errCode}: ${resp.errMsg}` } })),
      };
      await this.txns.recordResult(t.txn, result);
      for (const d of t.documents) await hooks.failed(d, t, { code: "esign.refused", detail: `${resp.errCode}: ${resp.errMsg}` }, null);
      throw new MoharError("esign.refused", `the ESP refused eSign transaction ${t.txn}: ${resp.errCode} ${resp.errMsg}`);
    }
    const outcomes: DocumentOutcome[] = [];
    for (const d of t.documents) {
      try {
        const sig = resp.signatures.find((s) => s.id === d.inputId);
        if (!sig?.pkcs7) throw new MoharError("esign.bad_response", `the ESP returned no signature for document ${d.documentId} (InputHash ${d.inputId})${sig?.error ? `: ${sig.error}` : ""}`);
        const done = await completeSigning(
          this.sessions,
          d.sessionId,
          { cms: sig.pkcs7 },
          {
            now,
            accept: hooks.accept,
            acceptSigner: (certificate, pool) => {
              if (resp.userCertificate && !resp.userCertificate.equals(certificate)) {
                throw new MoharError("signature.mismatch", "the PKCS#7 is signed with another certificate than the response's UserX509Certificate");
              }
              return acceptEsignCertificate(certificate, pool, this.settings.espCas, t.identity, now);
            },
          },
        );
        const signedVersion = await hooks.store(done, t);
        outcomes.push({ documentId: d.documentId, version: d.version, status: "signed", signedVersion });
      } catch (err) {
        const error = isMoharError(err) ? { code: err.code, detail: err.message } : { code: "internal", detail: "an internal error; it has been logged" };
        // An unexpected error fails this document only (the hook logs it); the others go on.
        await hooks.failed(d, t, error, err);
        outcomes.push({ documentId: d.documentId, version: d.version, status: "failed", error });
      }
    }
    const signed = outcomes.filter((o) => o.status === "signed").length;
    const result: TransactionResult = { status: signed === outcomes.length ? "completed" : signed === 0 ? "failed" : "partial", answeredAt: now.toISOString(), documents: outcomes };
    await this.txns.recordResult(t.txn, result);
    return { transaction: t, result };
  }

  async status(txn: string, now = this.clock()): Promise<{ transaction: EsignTransaction; status: TransactionStatus; result: TransactionResult | null }> {
    const transaction = await this.txns.load(txn);
    const result = await this.txns.result(txn);
    if (result) return { transaction, status: result.status, result };
    if (await this.txns.isClaimed(txn)) return { transaction, status: "answering", result: null };
    return { transaction, status: now.getTime() > Date.parse(transaction.expiresAt) ? "expired" : "open", result: null };
  }
}
