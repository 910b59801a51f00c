import type { AuditEntry } from "./entry.js";

export interface TimelineStep extends AuditEntry {
  /** Milliseconds since the previous entry for the same document; null for the first. */
  elapsedMs: number | null;
  /** Milliseconds since the document's first entry. */
  sinceFirstMs: number;
}

/** "Who acted on this file, when, and how long each step took", from its entries in seq order. */
export function timeline(entries: readonly AuditEntry[]): TimelineStep[] {
  const first = entries[0] ? Date.parse(entries[0].time) : 0;
  return entries.map((e, i) => {
    const t = Date.parse(e.time);
    return { ...e, elapsedMs: i === 0 ? null : t - Date.parse(entries[i - 1]!.time), sinceFirstMs: t - first };
  });
}
