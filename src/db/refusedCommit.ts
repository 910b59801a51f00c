/** COMMIT of a transaction that had failed answers ROLLBACK: that is not a commit. */
export class TransactionRolledBack extends Error {
  readonly code = "25P02";
  constructor() {
    super("the transaction had failed and was rolled back, not committed");
    this.name = "TransactionRolledBack";
  }
}

/**
 * Throws when a statement was a COMMIT (or END) that PostgreSQL answered with ROLLBACK (a failed
 * transaction, its failure swallowed by the caller): both engines refuse to call it a commit.
 */
export function refuseRolledBackCommit(sql: string, command: string | null | undefined): void {
  if (command === "ROLLBACK" && /^\s*(commit|end)\b/i.test(sql)) throw new TransactionRolledBack();
}
