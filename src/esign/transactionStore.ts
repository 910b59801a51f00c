import { MoharError } from "../errors.js";
import { ObjectExistsError, ObjectNotFoundError, type ObjectStore } from "../store/index.js";
import type { EsignIdentity } from "./esignIdentity.js";

/** One document of an eSign transaction: the version it signs and its two-phase session. */
export interface TransactionDocument {
  /** The InputHash id in the request and the DocSignature id in the response. */
  inputId: string;
  documentId: string;
  version: number;
  sessionId: string;
}

export interface EsignTransaction {
  txn: string;
  officerId: string;
  /** The identity the certificate must name, as registered when the transaction started. */
  identity: EsignIdentity;
  /** Who started it (the actor id). */
  startedBy: string;
  createdAt: string;
  expiresAt: string;
  documents: TransactionDocument[];
}

/** What became of each document once the ESP answered. */
export interface DocumentOutcome {
  documentId: string;
  /** The version signed. */
  version: number;
  status: "signed" | "failed";
  /** The version the signature made. */
  signedVersion?: number;
  error?: { code: string; detail: string };
}

export interface TransactionResult {
  status: "completed" | "partial" | "failed" | "refused";
  answeredAt: string;
  /** The ESP's errCode and errMsg when it refused. */
  esp?: { errCode: string; errMsg: string };
  documents: DocumentOutcome[];
}

export const TXN_ID = /^[A-Za-z0-9_-]{22}$/;
const PREFIX = "esign-transactions";

/**
 * eSign transactions on the object store, create-only: `transaction.json` when started,
 * `answered.json` claimed by the first ESP answer that verifies (a second is refused), and
 * `result.json` with each document's outcome.
 */
export class EsignTransactionStore {
  constructor(private readonly store: ObjectStore) {}

  async save(t: EsignTransaction): Promise<void> {
    const body = Buffer.from(JSON.stringify(t));
    await this.store.putIfAbsent(`${PREFIX}/${t.txn}/transaction.json`, body, body.length);
  }

  async load(txn: string): Promise<EsignTransaction> {
    const unknown = () => new MoharError("esign.transaction_not_found", `no eSign transaction ${JSON.stringify(txn.slice(0, 64))}`);
    if (!TXN_ID.test(txn)) throw unknown();
    try {
      return JSON.parse((await this.store.getBuffer(`${PREFIX}/${txn}/transaction.json`)).toString("utf8")) as EsignTransaction;
    } catch (e) {
      if (e instanceof ObjectNotFoundError) throw unknown();
      throw e;
    }
  }

  /** Claims the transaction for the one answer that is processed. */
  async claim(txn: string, at: Date): Promise<void> {
    const body = Buffer.from(JSON.stringify({ answeredAt: at.toISOString() }));
    try {
      await this.store.putIfAbsent(`${PREFIX}/${txn}/answered.json`, body, body.length);
    } catch (e) {
      if (e instanceof ObjectExistsError) throw new MoharError("esign.transaction_completed", `eSign transaction ${txn} has been answered already`);
      throw e;
    }
  }

  async isClaimed(txn: string): Promise<boolean> {
    return (await this.store.head(`${PREFIX}/${txn}/answered.json`)) !== null;
  }

  async recordResult(txn: string, result: TransactionResult): Promise<void> {
    const body = Buffer.from(JSON.stringify(result));
    await this.store.putIfAbsent(`${PREFIX}/${txn}/result.json`, body, body.length);
  }

  async result(txn: string): Promise<TransactionResult | null> {
    try {
      return JSON.parse((await this.store.getBuffer(`${PREFIX}/${txn}/result.json`)).toString("utf8")) as TransactionResult;
    } catch (e) {
      if (e instanceof ObjectNotFoundError) return null;
      throw e;
    }
  }
}
