import type { NoteVerifier } from "./signedNote.js";

/** A checkpoint: the C2SP tlog-checkpoint body of a signed note. */
export interface Checkpoint {
  origin: string;
  size: number;
  root: Buffer;
  /** From mohar's `time <ISO>` extension line. */
  time?: string;
}

const TIME_PREFIX = "time ";

/** `<origin>\n<size>\n<base64 root>\n` plus one extension line with the signing time. */
export function checkpointBody(c: Checkpoint): string {
  return `${c.origin}\n${c.size}\n${c.root.toString("base64")}\n${c.time !== undefined ? `${TIME_PREFIX}${c.time}\n` : ""}`;
}

/** Parses a checkpoint body; returns a reason when it is malformed. */
export function parseCheckpointBody(body: string): Checkpoint | string {
  const lines = body.split("\n");
  if (lines.pop() !== "") return "checkpoint body does not end with a newline";
  const [origin, size, root, ...ext] = lines;
  if (!origin) return "checkpoint has no origin line";
  if (size === undefined || !/^(0|[1-9]\d{0,15})$/.test(size)) return "checkpoint size is not a decimal number";
  const rootBytes = Buffer.from(root ?? "", "base64");
  if (rootBytes.length !== 32 || rootBytes.toString("base64") !== root) return "checkpoint root is not a base64 SHA-256 hash";
  if (ext.some((l) => l === "")) return "checkpoint has an empty extension line";
  const timeLine = ext.find((l) => l.startsWith(TIME_PREFIX));
  return { origin, size: Number(size), root: rootBytes, time: timeLine?.slice(TIME_PREFIX.length) };
}

/** The checkpoint in a note signed by `verifier`'s key; a reason when the signature or the body is bad. */
export function readSignedCheckpoint(verifier: NoteVerifier, note: string): Checkpoint | string {
  const check = verifier.verify(note);
  return check.ok ? parseCheckpointBody(check.body) : check.reason;
}
