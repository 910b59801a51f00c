import { createKeysFor } from "../test/helpers/directKeys.js";

/** API keys for the benchmark's service, written straight into its database before it starts. */
export async function benchCredentials(dataDir: string, officerId: string): Promise<(role: "clerk" | "officer") => Record<string, string>> {
  const [clerk, officer] = await createKeysFor({ DATA_DIR: dataDir }, [
    { role: "clerk", name: "bench clerk" },
    { role: "officer", name: "bench officer", officerId },
  ]);
  return (role) => ({ Authorization: `Bearer ${role === "clerk" ? clerk : officer}` });
}
