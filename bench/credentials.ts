import { ApiKeyStore } from "../src/auth/index.js";
import { FsObjectStore } from "../src/store/index.js";

/** API keys for the benchmark's service, written straight into its data dir before it starts. */
export async function benchCredentials(dataDir: string, officerId: string): Promise<(role: "clerk" | "officer") => Record<string, string>> {
  const store = await FsObjectStore.open(dataDir);
  try {
    const keys = new ApiKeyStore(store);
    const clerk = (await keys.create({ role: "clerk", name: "bench clerk" })).key;
    const officer = (await keys.create({ role: "officer", name: "bench officer", officerId })).key;
    return (role) => ({ Authorization: `Bearer ${role === "clerk" ? clerk : officer}` });
  } finally {
    await store.close();
  }
}
