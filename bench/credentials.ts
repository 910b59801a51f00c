/** Headers per role for the benchmark's service (none are needed while the API is open). */
export async function benchCredentials(_dataDir: string, _officerId: string): Promise<(role: "clerk" | "officer") => Record<string, string>> {
  return () => ({});
}
