import { MoharError } from "../errors.js";
import type { Finding } from "./verifyLog.js";

/** The stored log does not match its own chain or signed checkpoints. */
export class AuditIntegrityError extends MoharError {
  constructor(readonly finding: Finding) {
    super(
      "audit.integrity",
      `audit log integrity check failed${finding.seq !== null ? ` at entry ${finding.seq}` : ""}: ${finding.reason}`,
    );
    this.name = "AuditIntegrityError";
  }
}
