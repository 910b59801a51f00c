import { execFile } from "node:child_process";
import { createCipheriv, createHash, randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { rc4 } from "../../src/pdf/read/encryption.js";
import type { EncryptedBase } from "./testSigner.js";

const run = promisify(execFile);

/** The standard security handler's ciphers, as qpdf writes them. */
export type Cipher = "rc4-40" | "rc4-128" | "aes-128" | "aes-256";

const QPDF_ARGS: Record<Cipher, string[]> = {
  "rc4-40": ["40"],
  "rc4-128": ["128", "--use-aes=n"],
  "aes-128": ["128", "--use-aes=y"],
  "aes-256": ["256"],
};

async function withTemp<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-enc-"));
  try {
    return await work(dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** `qpdf --encrypt` with an owner password and the given user password (empty: opens without one). */
export async function qpdfEncrypt(pdf: Buffer, cipher: Cipher, opts: { userPassword?: string; objectStreams?: boolean } = {}): Promise<Buffer> {
  return withTemp(async (dir) => {
    const input = path.join(dir, "in.pdf");
    const output = path.join(dir, "out.pdf");
    await fs.writeFile(input, pdf);
    const weak = cipher.startsWith("rc4") ? ["--allow-weak-crypto"] : [];
    const streams = opts.objectStreams === false ? ["--object-streams=disable"] : [];
    await run("qpdf", [...weak, ...streams, "--encrypt", opts.userPassword ?? "", "owner-secret", ...QPDF_ARGS[cipher], "--", input, output]);
    return fs.readFile(output);
  });
}

/** A damaged file (wrong startxref: the repair tests) is read as qpdf rebuilds it; its warnings are no failure. */
const REPAIRING = ["--warning-exit-0"];

/** A file's key as qpdf (an independent reader) derives it, with the string/stream method. */
export interface FileKey {
  key: Buffer;
  method: "rc4" | "aes128" | "aes256";
}

export async function qpdfFileKey(pdf: Buffer): Promise<FileKey> {
  return withTemp(async (dir) => {
    const input = path.join(dir, "in.pdf");
    await fs.writeFile(input, pdf);
    const { stdout } = await run("qpdf", [...REPAIRING, "--show-encryption", "--show-encryption-key", input]);
    const key = /Encryption key = ([0-9a-f]+)/.exec(stdout)?.[1];
    if (!key) throw new Error(`qpdf shows no key: ${stdout}`);
    const m = /string encryption method: (\w+)/.exec(stdout)?.[1];
    return { key: Buffer.from(key, "hex"), method: m === "AESv3" ? "aes256" : m === "AESv2" ? "aes128" : "rc4" };
  });
}

async function qpdfOut(pdf: Buffer, args: string[]): Promise<Buffer> {
  return withTemp(async (dir) => {
    const input = path.join(dir, "in.pdf");
    const output = path.join(dir, "out.pdf");
    await fs.writeFile(input, pdf);
    await run("qpdf", [...REPAIRING, ...args, input, output]);
    return fs.readFile(output);
  });
}

async function xrefOf(pdf: Buffer): Promise<Map<number, string>> {
  return withTemp(async (dir) => {
    const input = path.join(dir, "in.pdf");
    await fs.writeFile(input, pdf);
    const { stdout } = await run("qpdf", [...REPAIRING, "--show-xref", input]);
    return new Map([...stdout.matchAll(/^(\d+)\/\d+: (\w+)(?:; stream = (\d+), index = (\d+))?/gm)].map((m) => [Number(m[1]), `${m[2]} ${m[3] ?? ""} ${m[4] ?? ""}`]));
  });
}

/**
 * What the test signer needs to sign an encrypted file: a copy decrypted by qpdf (checked to keep
 * every object number and object-stream slot, so pdf-lib's references hold for the encrypted
 * file), the /Encrypt and /ID entries its trailer repeats, and the file key qpdf derives.
 */
export async function encryptedSigning(base: Buffer, opts: { direct?: boolean } = {}): Promise<EncryptedBase> {
  const key = await qpdfFileKey(base);
  const readFrom = opts.direct ? base : await qpdfOut(base, ["--decrypt", "--object-streams=preserve"]);
  const [a, b] = await Promise.all([xrefOf(base), xrefOf(readFrom)]);
  if (opts.direct && [...a.values()].some((w) => w.startsWith("compressed"))) throw new Error("pdf-lib cannot read an encrypted file's object streams");
  for (const [num, where] of b) {
    if (a.get(num)?.split(" ")[0] !== where.split(" ")[0] || (where.startsWith("compressed") && a.get(num) !== where)) {
      throw new Error(`qpdf --decrypt moved object ${num} (${a.get(num) ?? "absent"} -> ${where}): the decrypted copy cannot guide an update`);
    }
  }
  const text = base.toString("latin1");
  const encrypt = [...text.matchAll(/\/Encrypt\s+(\d+\s+\d+\s+R)/g)].pop()?.[1];
  const id = [...text.matchAll(/\/ID\s*\[\s*<[0-9a-fA-F]*>\s*<[0-9a-fA-F]*>\s*\]/g)].pop()?.[0];
  if (!encrypt || !id) throw new Error("the encrypted base shows no /Encrypt or /ID in a trailer");
  return { readFrom, trailer: `/Encrypt ${encrypt} ${id}`, encryptObject: (num, t) => encryptObjectText(key, num, t) };
}

/** `qpdf --show-object=N` with the empty password: an object as qpdf decrypts it. */
export async function qpdfShowObject(pdf: Buffer, num: number): Promise<string> {
  return withTemp(async (dir) => {
    const input = path.join(dir, "in.pdf");
    await fs.writeFile(input, pdf);
    const { stdout } = await run("qpdf", [`--show-object=${num}`, input]);
    return stdout;
  });
}

function encryptBytes(k: FileKey, num: number, gen: number, data: Buffer): Buffer {
  if (k.method === "aes256") return aes(k.key, data);
  const salt = k.method === "aes128" ? Buffer.from("sAlT", "latin1") : Buffer.alloc(0);
  const ng = Buffer.from([num & 0xff, (num >> 8) & 0xff, (num >> 16) & 0xff, gen & 0xff, (gen >> 8) & 0xff]);
  const objKey = createHash("md5").update(k.key).update(ng).update(salt).digest().subarray(0, Math.min(k.key.length + 5, 16));
  return k.method === "rc4" ? rc4(objKey, data) : aes(objKey, data);
}

function aes(key: Buffer, data: Buffer): Buffer {
  const iv = randomBytes(16);
  const c = createCipheriv(key.length === 32 ? "aes-256-cbc" : "aes-128-cbc", key, iv);
  return Buffer.concat([iv, c.update(data), c.final()]);
}

/** The bytes of a literal string as the tests write them: only \\, \( and \) escapes. */
function unescape(literal: string): Buffer {
  return Buffer.from(literal.replace(/\\([\\()])/g, "$1"), "latin1");
}

/**
 * Encrypts one object written by the tests (PDF syntax) for an encrypted file: every literal
 * string becomes a hex string of its ciphertext, stream data is encrypted and /Length follows.
 * Hex strings are left alone: the tests write only the signature's /Contents that way, which
 * ISO 32000 leaves unencrypted. (Text copied from an already encrypted object must not come here.)
 */
export function encryptObjectText(k: FileKey, num: number, text: string): string {
  const at = text.indexOf("\nstream\n");
  const dictPart = at < 0 ? text : text.slice(0, at);
  const strings = (s: string): string => s.replace(/\((?:[^()\\]|\\.)*\)/g, (lit) => `<${encryptBytes(k, num, 0, unescape(lit.slice(1, -1))).toString("hex")}>`);
  if (at < 0) return strings(dictPart);
  const end = text.lastIndexOf("\nendstream");
  const data = encryptBytes(k, num, 0, Buffer.from(text.slice(at + "\nstream\n".length, end), "latin1"));
  const dict = strings(dictPart).replace(/\/Length \d+/, `/Length ${data.length}`);
  return `${dict}\nstream\n${data.toString("latin1")}${text.slice(end)}`;
}
