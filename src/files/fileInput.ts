import { z } from "zod";
import { MoharError } from "../errors.js";

/** Text limits: long enough for any real file number or note, short enough to keep rows and reports small. */
export const LIMITS = { fileNumber: 100, subject: 500, office: 100, section: 100, remarks: 2000, id: 200 } as const;

// Any script (Devanagari included); only control characters are refused.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

const text = (name: string, max: number) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `${name} is required` : `${name} must be a string`) })
    .transform((s) => s.normalize("NFC").trim())
    .refine((s) => s.length > 0, `${name} must not be empty`)
    .refine((s) => [...s].length <= max, `${name} must be at most ${max} characters`)
    .refine((s) => !CONTROL.test(s), `${name} must not contain control characters`);

const dueDate = z
  .string({ error: "dueDate must be a date YYYY-MM-DD" })
  .refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), "dueDate must be a date YYYY-MM-DD");

export const newFileInput = z.object({
  fileNumber: text("fileNumber", LIMITS.fileNumber),
  subject: text("subject", LIMITS.subject),
  office: text("office", LIMITS.office),
  section: text("section", LIMITS.section).optional(),
  dueDate: dueDate.optional(),
}).strict();

export const forwardInput = z
  .object({
    toOfficer: text("toOfficer", LIMITS.id).optional(),
    toSection: text("toSection", LIMITS.section).optional(),
    remarks: text("remarks", LIMITS.remarks).optional(),
    dueDate: dueDate.optional(),
  })
  .strict()
  .refine((f) => (f.toOfficer === undefined) !== (f.toSection === undefined), "name exactly one of toOfficer or toSection");

export const attachInput = z.object({ documentId: text("documentId", LIMITS.id) }).strict();

export type NewFileInput = z.infer<typeof newFileInput>;
export type ForwardInput = z.infer<typeof forwardInput>;

/** Parses a request body against a schema; every problem goes into one 400. */
export function parseInput<T>(schema: z.ZodType<T, unknown>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const detail = parsed.error.issues.map((i) => (i.path.length && i.code !== "custom" ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");
  throw new MoharError("file.bad_input", detail);
}
