import fs from "node:fs/promises";

/** fsync of a file or directory by its path (opened, synced, closed whatever happens): its inode number. */
export async function syncPath(file: string): Promise<number> {
  const fh = await fs.open(file, "r");
  try {
    await fh.sync();
    return (await fh.stat()).ino;
  } finally {
    await fh.close();
  }
}
