import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

/**
 * The newest signed checkpoint this instance has seen, kept in a local file outside the object
 * store (by default beside the log key). Someone who can rewrite the store can delete the newest
 * entries together with their checkpoints and intents, leaving a shorter log that is consistent
 * in itself; the witness remembers that the log was once longer. Written after each checkpoint,
 * off the request path: a write lost in a crash leaves an older, still consistent witness.
 */
export class CheckpointWitness {
  constructor(readonly file: string) {}

  /** The recorded checkpoint note, or null when there is none yet. */
  async read(): Promise<string | null> {
    try {
      return await fs.readFile(this.file, "utf8");
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR") return null;
      // Unreadable (permissions): the check cannot be made, and must not be skipped silently.
      throw new Error(`cannot read the audit checkpoint witness ${this.file}: ${code ?? (err as Error).message}`, { cause: err });
    }
  }

  /** Replaces the recorded note atomically: temp file, fsync, rename. */
  async record(note: string): Promise<void> {
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${randomUUID()}.tmp`;
    const handle = await fs.open(tmp, "w", 0o600);
    try {
      await handle.writeFile(note, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await fs.rename(tmp, this.file);
    } catch (err) {
      await fs.rm(tmp, { force: true });
      throw err;
    }
  }
}
