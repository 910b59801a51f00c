import type { CheckpointWitness } from "./witness.js";

type WarnLogger = { warn(obj: object, msg: string): void };

/**
 * Has the witness remember the newest checkpoint note, outside the store: writes coalesce (only
 * the newest pending note is written), and a failed write is logged once, never fatal.
 */
export class WitnessRecorder {
  private pending: string | null = null;
  private writing: Promise<void> | null = null;
  private failed = false;

  constructor(
    private readonly witness: CheckpointWitness | undefined,
    private readonly logger: WarnLogger | undefined,
  ) {}

  /** Queues `note` (a signed checkpoint of size > 0) to be remembered. */
  record(note: string, size: number): void {
    if (!this.witness || size === 0) return;
    this.pending = note;
    this.writing ??= this.flush(this.witness);
  }

  /** Resolves once the pending write (if any) is done. */
  async settled(): Promise<void> {
    await this.writing;
  }

  private async flush(witness: CheckpointWitness): Promise<void> {
    try {
      while (this.pending !== null) {
        const note = this.pending;
        this.pending = null;
        try {
          await witness.record(note);
        } catch (err) {
          // Once per instance: a read-only location fails on every checkpoint.
          if (!this.failed) this.logger?.warn({ err, file: witness.file }, "could not record the audit checkpoint witness; set AUDIT_WITNESS_FILE to a writable path");
          this.failed = true;
        }
      }
    } finally {
      this.writing = null;
    }
  }
}
