import type { Request } from "express";
import { MoharError } from "../errors.js";
import type { Vault } from "../vault/index.js";

const stale = (detail: string): MoharError => new MoharError("version.precondition_failed", detail);

/** The entity tags of an If-Match header (RFC 9110 13.1.1); `*` is null (any current version). */
function ifMatchTags(header: string): string[] | null {
  if (header.trim() === "*") return null;
  const tags = header.split(",").map((t) => t.trim()).filter(Boolean);
  if (tags.length === 0 || tags.some((t) => !/^(W\/)?"[^"]*"$/.test(t))) {
    throw new MoharError("request.bad_if_match", 'If-Match must be * or a list of entity tags such as "<sha256 of the version>"');
  }
  return tags;
}

/**
 * The version a request pins as the one it changes: `expectedVersion`, or the version whose ETag
 * (its sha256) If-Match names. A pin that is not the latest version is 412 at once, and the vault
 * refuses the write with 412 if another version lands first; undefined when the request pins none.
 */
export async function pinnedVersion(req: Request, vault: Vault, id: string, expectedVersion: number | undefined): Promise<number | undefined> {
  const header = req.headers["if-match"];
  if (header === undefined && expectedVersion === undefined) return undefined;
  const latest = await vault.latestVersion(id);
  if (expectedVersion !== undefined && expectedVersion !== latest) {
    throw stale(`expectedVersion is ${expectedVersion} but the latest version of document ${id} is ${latest}; nothing was stored`);
  }
  const tags = header === undefined ? null : ifMatchTags(header);
  if (tags) {
    const { sha256 } = await vault.versionRecord(id, latest);
    // Strong comparison: a weak tag never matches a version's bytes.
    if (!tags.includes(`"${sha256}"`)) throw stale(`If-Match does not name the latest version of document ${id} (version ${latest}, ETag "${sha256}"); nothing was stored`);
  }
  return latest;
}
