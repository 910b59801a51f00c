import { z } from "zod";

export const DOCUMENT_KINDS = ["letter", "notesheet", "other"] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const VERSION_ACTIONS = ["upload", "signature", "timestamp"] as const;
export type VersionAction = (typeof VERSION_ACTIONS)[number];

/** `documents/{id}/meta.json`, written once when the document is created. */
export const documentMetaSchema = z.object({
  id: z.string().uuid(),
  title: z.string(),
  fileNumber: z.string(),
  kind: z.enum(DOCUMENT_KINDS),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type DocumentMeta = z.infer<typeof documentMetaSchema>;

/** What the signing use case records about the signature that made a version. */
export type SignatureInfo = Record<string, unknown>;

/** `documents/{id}/v/{n}.json`: a version exists (is visible) once this record does. */
export const versionRecordSchema = z.object({
  n: z.number().int().positive(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().nonnegative(),
  pageCount: z.number().int().positive(),
  createdAt: z.string(),
  uploader: z.string(),
  derivedFrom: z.number().int().positive().nullable(),
  action: z.enum(VERSION_ACTIONS),
  signature: z.record(z.string(), z.unknown()).optional(),
});
export type VersionRecord = z.infer<typeof versionRecordSchema>;

export interface DocumentView extends DocumentMeta {
  versions: VersionRecord[];
}
