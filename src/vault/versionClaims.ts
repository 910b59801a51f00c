import { createHash } from "node:crypto";
import { ObjectNotFoundError, type ObjectInfo, type ObjectStore } from "../store/index.js";
import { documentsPrefix, parseVersionKey, versionPdfKey } from "./keys.js";
import type { VaultRows } from "./vaultRows.js";

const CLAIM_RETRY_MS = 50;

/**
 * The first step of a version's write, a PDF at `v/{n}.pdf`, and what becomes of one whose row
 * never came (a crash between the two steps, or a row that failed): taken over when it holds the
 * same bytes, freed once old enough, withdrawn at once by the writer that failed.
 */
export class VersionClaims {
  private readonly openedAt = Date.now();

  constructor(
    private readonly store: ObjectStore,
    private readonly rows: VaultRows,
    private readonly orphanGraceMs: number,
    private readonly orphanConfirmMs: number,
  ) {}

  /** Whether the PDF at version n's key holds exactly these bytes (by SHA-256). */
  async sameBytesAt(id: string, n: number, sha256: string): Promise<boolean> {
    try {
      return sha256Of(await this.store.getBuffer(versionPdfKey(id, n))) === sha256;
    } catch (err) {
      if (err instanceof ObjectNotFoundError) return false;
      throw err;
    }
  }

  /**
   * Frees number n, whose row was not written, so the next version takes it at once rather than
   * after the orphan grace period. Best effort: a PDF left behind is an orphan like any other.
   */
  async withdraw(id: string, n: number): Promise<void> {
    try {
      // The row may have landed with only its reply lost, or another writer published n with
      // this PDF: then the PDF is a version's and stays.
      if (await this.rows.record(id, n)) return;
      await this.store.delete(versionPdfKey(id, n));
    } catch {
      // The store or the database is failing; the next claim of n frees the orphan after the grace period.
    }
  }

  /**
   * Number n is taken by a PDF we did not write: another instance is publishing it (its row
   * follows within moments) or a crash orphaned it. Wait a little, and free it once it is old
   * enough.
   */
  async waitOutBlocked(id: string, n: number): Promise<void> {
    if (await this.rows.record(id, n)) return;
    if (await this.removeIfOrphan(id, n)) return;
    await new Promise((resolve) => setTimeout(resolve, CLAIM_RETRY_MS));
  }

  /**
   * Frees number n when its PDF has no row and is old enough: older than the grace period, or
   * already there when the vault opened, orphanConfirmMs ago (a publish writes its row moments
   * after its PDF, so one from before a restart that still has none was left by a crash).
   */
  async removeIfOrphan(id: string, n: number): Promise<boolean> {
    const key = versionPdfKey(id, n);
    const pdf = await this.store.head(key);
    if (!pdf) return false;
    const leftover = pdf.lastModified.getTime() <= this.openedAt && Date.now() - this.openedAt >= this.orphanConfirmMs;
    if (!leftover && Date.now() - pdf.lastModified.getTime() < this.orphanGraceMs) return false;
    if (await this.rows.record(id, n)) return false;
    await this.store.delete(key);
    return true;
  }

  /** Lists the store and removes every orphaned version PDF old enough; returns how many. */
  async cleanup(): Promise<number> {
    const objects: readonly ObjectInfo[] = await this.store.list(documentsPrefix);
    let removed = 0;
    for (const o of objects) {
      const k = parseVersionKey(o.key);
      if (k?.ext === "pdf" && (await this.removeIfOrphan(k.id, k.n))) removed++;
    }
    return removed;
  }
}

function sha256Of(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}
