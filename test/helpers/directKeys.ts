import { ApiKeyStore, type NewApiKey } from "../../src/auth/index.js";
import { loadConfig } from "../../src/config.js";
import { DatabaseHandle } from "../../src/db/index.js";
import { seedPgliteDir } from "./pgliteTemplate.js";

/**
 * Creates API keys straight in the database a mohar started with `env` will use (its embedded
 * one under DATA_DIR, or DATABASE_URL), before it starts; returns the keys in order.
 */
export async function createKeysFor(env: Record<string, string>, keys: NewApiKey[]): Promise<string[]> {
  const config = loadConfig({ PORT: "0", ...env });
  if (config.database.engine === "pglite") await seedPgliteDir(config.database.dataDir);
  const database = new DatabaseHandle(config.database);
  try {
    const store = new ApiKeyStore(await database.get());
    const out: string[] = [];
    for (const k of keys) out.push((await store.create(k)).key);
    return out;
  } finally {
    await database.close();
  }
}
