/** The answer a request made, kept to give again to a retry with the same key. */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** What a claim of an idempotency key found. */
export type ClaimOutcome = { kind: "claimed" } | { kind: "replay"; response: StoredResponse } | { kind: "in_progress" } | { kind: "mismatch" };

/**
 * Where idempotency keys and their answers are kept, shared by every instance: the database
 * (`db/idempotencyKeys.ts`, wired by main.ts), kept at least 24 h.
 */
export interface IdempotencyRecords {
  claim(actor: string, key: string, fingerprint: string): Promise<ClaimOutcome>;
  complete(actor: string, key: string, response: StoredResponse): Promise<void>;
  /** Frees a key whose request failed on the server's side, so that a retry does the work. */
  forget(actor: string, key: string): Promise<void>;
}
