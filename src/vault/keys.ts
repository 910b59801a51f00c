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

/** `.` is encoded too, so a file number of "." or ".." still makes a valid key segment. */
function encodeSegment(value: string): string {
  return encodeURIComponent(value).replace(/\./g, "%2E");
}

export function fileNumberIndexPrefix(fileNumber: string): string {
  return `index/fileNumber/${encodeSegment(fileNumber)}/`;
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
