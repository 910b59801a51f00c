import { createHash } from "node:crypto";

/** Object keys of the vault; the layout is shared with other tools, so it lives in one place. */

export const documentsPrefix = "documents/";

export function metaKey(id: string): string {
  return `documents/${id}/meta.json`;
}

export function versionsPrefix(id: string): string {
  return `documents/${id}/v/`;
}

export function versionPdfKey(id: string, n: number): string {
  return `documents/${id}/v/${n}.pdf`;
}

export function versionRecordKey(id: string, n: number): string {
  return `documents/${id}/v/${n}.json`;
}

/**
 * File numbers are named by their SHA-256: any text (Devanagari, slashes, "..") of any allowed
 * length then makes a short, valid key segment on disk (255-byte names) and in S3 (1024-byte keys).
 */
export function fileNumberIndexPrefix(fileNumber: string): string {
  return `index/fileNumber/${createHash("sha256").update(fileNumber, "utf8").digest("hex")}/`;
}

export function fileNumberIndexKey(fileNumber: string, id: string): string {
  return `${fileNumberIndexPrefix(fileNumber)}${id}`;
}

export interface VersionKey {
  id: string;
  n: number;
  ext: "pdf" | "json";
}

/** Parses `documents/{id}/v/{n}.(pdf|json)`; null for any other key. */
export function parseVersionKey(key: string): VersionKey | null {
  const m = /^documents\/([^/]+)\/v\/([1-9]\d*)\.(pdf|json)$/.exec(key);
  return m?.[1] && m[2] && m[3] ? { id: m[1], n: Number(m[2]), ext: m[3] as "pdf" | "json" } : null;
}
