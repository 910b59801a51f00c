import { createCipheriv, createDecipheriv, createHash } from "node:crypto";
import { MoharError } from "../../errors.js";
import { asInt, asName, dictGet, type PdfDict, type PdfValue } from "./rawObjects.js";
import { PdfSyntaxError } from "./rawParser.js";

/**
 * The standard security handler of ISO 32000 (7.6.4), opened with the empty user password:
 * RC4 40-128 (R2-R4), AES-128 (R4, AESV2) and AES-256 (R5, R6, AESV3). Verification needs only
 * to read, so only decryption is here; a file that needs a real user password is refused.
 */

type Method = "none" | "rc4" | "aes128" | "aes256";

export interface FileEncryption {
  /** What an auditor reads in the report, e.g. "AES-256 (standard security handler, revision 6)". */
  description: string;
  /** The file key (algorithm 2, 2.A): identical across revisions or the file is refused. */
  key: Buffer;
  stringMethod: Method;
  streamMethod: Method;
  /** Crypt filters by name, for streams that name their own (/Filter /Crypt). */
  filters: Map<string, Method>;
  encryptMetadata: boolean;
}

const PAD = Buffer.from("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a", "hex");

function md5(...parts: Buffer[]): Buffer {
  const h = createHash("md5");
  for (const p of parts) h.update(p);
  return h.digest();
}

/** RC4 (ARCFOUR): OpenSSL 3 keeps it in the legacy provider, so it is written out here. */
export function rc4(key: Buffer, data: Buffer): Buffer {
  const s = new Uint8Array(256);
  for (let i = 0; i < 256; i++) s[i] = i;
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + (s[i] as number) + (key[i % key.length] as number)) & 0xff;
    [s[i], s[j]] = [s[j] as number, s[i] as number];
  }
  const out = Buffer.alloc(data.length);
  for (let k = 0, i = 0, j = 0; k < data.length; k++) {
    i = (i + 1) & 0xff;
    j = (j + (s[i] as number)) & 0xff;
    [s[i], s[j]] = [s[j] as number, s[i] as number];
    out[k] = (data[k] as number) ^ (s[((s[i] as number) + (s[j] as number)) & 0xff] as number);
  }
  return out;
}

/** AES-CBC with the IV in the first 16 bytes and PKCS#5 padding, as readers tolerate it (bad padding kept). */
function aesDecrypt(key: Buffer, data: Buffer): Buffer {
  if (data.length < 16) throw new PdfSyntaxError("an AES-encrypted string or stream is shorter than its IV", 0);
  const body = data.subarray(16, 16 + Math.floor((data.length - 16) / 16) * 16);
  if (body.length === 0) return Buffer.alloc(0);
  const algo = key.length === 32 ? "aes-256-cbc" : "aes-128-cbc";
  const d = createDecipheriv(algo, key, data.subarray(0, 16));
  d.setAutoPadding(false);
  const plain = Buffer.concat([d.update(body), d.final()]);
  const pad = plain[plain.length - 1] as number;
  const padded = pad >= 1 && pad <= 16 && plain.subarray(plain.length - pad).every((x) => x === pad);
  return padded ? plain.subarray(0, plain.length - pad) : plain;
}

function bytesOf(v: PdfValue | undefined): Buffer | undefined {
  return v?.kind === "string" ? v.bytes : undefined;
}

function unsupported(detail: string): MoharError {
  return new MoharError("pdf.encrypted", `the PDF is encrypted in a way mohar cannot open: ${detail}`);
}

function passwordRequired(): MoharError {
  return new MoharError("pdf.password_required", "the PDF is protected by a password: it cannot be opened (and so not verified) without it; ask for a copy that opens without a password");
}

/** Algorithm 2: the RC4/AES-128 file key from the (empty) user password; then algorithms 4/5 check it against /U. */
function legacyKey(enc: PdfDict, id0: Buffer, r: number, length: number, encryptMetadata: boolean): Buffer {
  const o = bytesOf(enc.entries.get("O"));
  const u = bytesOf(enc.entries.get("U"));
  const p = asInt(enc.entries.get("P"));
  if (!o || o.length < 32 || !u || u.length < 32 || p === undefined) throw unsupported("/O, /U or /P of the encryption dictionary is missing");
  const pBytes = Buffer.alloc(4);
  pBytes.writeInt32LE(p | 0);
  const n = r === 2 ? 5 : length;
  let h = md5(PAD, o.subarray(0, 32), pBytes, id0, r >= 4 && !encryptMetadata ? Buffer.from([255, 255, 255, 255]) : Buffer.alloc(0));
  if (r >= 3) for (let i = 0; i < 50; i++) h = md5(h.subarray(0, n));
  const key = h.subarray(0, n);
  let ok: boolean;
  if (r === 2) ok = rc4(key, PAD).equals(u.subarray(0, 32));
  else {
    let x = rc4(key, md5(PAD, id0));
    for (let i = 1; i <= 19; i++) x = rc4(Buffer.from(key.map((b) => b ^ i)), x);
    ok = x.equals(u.subarray(0, 16));
  }
  if (!ok) throw passwordRequired();
  return Buffer.from(key);
}

/** Algorithm 2.B (ISO 32000-2): the hash of revision 6, for the empty password and no user data. */
function hash2B(password: Buffer, salt: Buffer): Buffer {
  let k = createHash("sha256").update(password).update(salt).digest();
  for (let i = 0; ; i++) {
    const k1 = Buffer.concat(Array.from({ length: 64 }, () => Buffer.concat([password, k])));
    const c = createCipheriv("aes-128-cbc", k.subarray(0, 16), k.subarray(16, 32));
    c.setAutoPadding(false);
    const e = Buffer.concat([c.update(k1), c.final()]);
    let sum = 0;
    for (let j = 0; j < 16; j++) sum += e[j] as number;
    k = createHash(["sha256", "sha384", "sha512"][sum % 3] as string).update(e).digest();
    if (i >= 63 && (e[e.length - 1] as number) <= i + 1 - 32) break;
  }
  return k.subarray(0, 32);
}

/** Algorithms 2.A and 11: the AES-256 file key from the empty user password (R5 and R6). */
function aes256Key(enc: PdfDict, r: number): Buffer {
  const u = bytesOf(enc.entries.get("U"));
  const ue = bytesOf(enc.entries.get("UE"));
  if (!u || u.length < 48 || !ue || ue.length < 32) throw unsupported("/U or /UE of the encryption dictionary is missing or short");
  const pw = Buffer.alloc(0);
  const hash = (salt: Buffer): Buffer => (r === 5 ? createHash("sha256").update(pw).update(salt).digest() : hash2B(pw, salt));
  if (!hash(u.subarray(32, 40)).equals(u.subarray(0, 32))) throw passwordRequired();
  const d = createDecipheriv("aes-256-cbc", hash(u.subarray(40, 48)), Buffer.alloc(16));
  d.setAutoPadding(false);
  return Buffer.concat([d.update(ue.subarray(0, 32)), d.final()]);
}

function methodOf(cfm: string | undefined): Method {
  if (cfm === "V2") return "rc4";
  if (cfm === "AESV2") return "aes128";
  if (cfm === "AESV3") return "aes256";
  if (cfm === "None" || cfm === undefined) return "none";
  throw unsupported(`crypt filter method /${cfm}`);
}

const NAMES: Record<Method, string> = { none: "no encryption", rc4: "RC4", aes128: "AES-128", aes256: "AES-256" };

/**
 * Opens a standard-security-handler encryption dictionary with the empty user password. Throws
 * MoharError pdf.password_required when a user password is set, pdf.encrypted for handlers and
 * methods mohar does not read (public-key security, unknown crypt filters).
 */
export function openEncryption(enc: PdfValue | undefined, id0: Buffer, resolve: (v: PdfValue | undefined) => PdfValue | undefined): FileEncryption {
  if (enc?.kind !== "dict") throw unsupported("the /Encrypt dictionary cannot be read");
  const filter = asName(enc.entries.get("Filter"));
  if (filter !== "Standard") throw unsupported(`the security handler is /${filter ?? "(none)"}, not the standard (password) one`);
  const v = asInt(enc.entries.get("V")) ?? 0;
  const r = asInt(enc.entries.get("R")) ?? 0;
  const encryptMetadata = enc.entries.get("EncryptMetadata")?.kind !== "bool" || (enc.entries.get("EncryptMetadata") as { value: boolean }).value;
  const filters = new Map<string, Method>([["Identity", "none"]]);
  let stringMethod: Method = "rc4";
  let streamMethod: Method = "rc4";
  if (v === 4 || v === 5) {
    const cf = resolve(enc.entries.get("CF"));
    if (cf?.kind === "dict") {
      for (const [name, d] of cf.entries) filters.set(name, methodOf(asName(dictGet(resolve(d), "CFM"))));
    }
    const pick = (key: string): Method => {
      const name = asName(enc.entries.get(key)) ?? "Identity";
      const m = filters.get(name);
      if (m === undefined) throw unsupported(`/${key} names crypt filter /${name}, which /CF does not define`);
      return m;
    };
    stringMethod = pick("StrF");
    streamMethod = pick("StmF");
  } else if (v !== 1 && v !== 2) throw unsupported(`encryption algorithm /V ${v}`);
  let key: Buffer;
  if (r === 5 || r === 6) key = aes256Key(enc, r);
  else if (r >= 2 && r <= 4) {
    const bits = v === 1 ? 40 : v === 4 ? 128 : (asInt(enc.entries.get("Length")) ?? 40);
    if (bits % 8 !== 0 || bits < 40 || bits > 128) throw unsupported(`key length ${bits} bits`);
    key = legacyKey(enc, id0, r, bits / 8, encryptMetadata);
  } else throw unsupported(`standard security handler revision /R ${r}`);
  const used = streamMethod !== "none" ? streamMethod : stringMethod;
  const bits = used === "aes256" ? 256 : used === "aes128" ? 128 : key.length * 8;
  const description = `${NAMES[used]}${used === "rc4" ? ` ${bits}-bit` : ""} (standard security handler, revision ${r}), opened with the empty user password`;
  return { description, key, stringMethod, streamMethod, filters, encryptMetadata };
}

/** Algorithm 1: the key for one object (AES-256 uses the file key itself). */
function objectKey(fe: FileEncryption, method: Method, num: number, gen: number): Buffer {
  if (method === "aes256") return fe.key;
  const ng = Buffer.from([num & 0xff, (num >> 8) & 0xff, (num >> 16) & 0xff, gen & 0xff, (gen >> 8) & 0xff]);
  const salt = method === "aes128" ? Buffer.from("sAlT", "latin1") : Buffer.alloc(0);
  return md5(fe.key, ng, salt).subarray(0, Math.min(fe.key.length + 5, 16));
}

/** Decrypts one string or stream of object `num gen` with `method`. */
export function decryptBytes(fe: FileEncryption, method: Method, num: number, gen: number, data: Buffer): Buffer {
  if (method === "none") return data;
  const key = objectKey(fe, method, num, gen);
  return method === "rc4" ? rc4(key, data) : aesDecrypt(key, data);
}

/** The method a stream is encrypted with: the document's, or the crypt filter it names itself. */
export function streamMethodOf(fe: FileEncryption, dict: PdfDict): Method {
  const type = asName(dict.entries.get("Type"));
  if (type === "XRef") return "none";
  if (type === "Metadata" && !fe.encryptMetadata) return "none";
  const f = dict.entries.get("Filter");
  const filters = f?.kind === "array" ? f.items : f ? [f] : [];
  const at = filters.findIndex((x) => asName(x) === "Crypt");
  if (at < 0) return fe.streamMethod;
  const p = dict.entries.get("DecodeParms");
  const parms = p?.kind === "array" ? p.items[at] : p;
  const name = asName(dictGet(parms, "Name")) ?? "Identity";
  const m = fe.filters.get(name);
  if (m === undefined) throw new PdfSyntaxError(`a stream names crypt filter /${name}, which the encryption dictionary does not define`, 0);
  return m;
}

/**
 * PDFBox's test for a signature dictionary (ISO 32000-2 7.6.2: its /Contents is not encrypted):
 * /Type /Sig or /DocTimeStamp, or (the type being optional) a /Contents string with a /ByteRange array.
 */
function isSignatureDict(d: PdfDict): boolean {
  const type = asName(d.entries.get("Type"));
  return type === "Sig" || type === "DocTimeStamp" || (d.entries.get("Contents")?.kind === "string" && d.entries.get("ByteRange")?.kind === "array");
}

function decryptValue(fe: FileEncryption, num: number, gen: number, v: PdfValue, depth: number): PdfValue {
  if (depth > 100) return v;
  if (v.kind === "string") return { ...v, bytes: decryptBytes(fe, fe.stringMethod, num, gen, v.bytes) };
  if (v.kind === "array") return { kind: "array", items: v.items.map((x) => decryptValue(fe, num, gen, x, depth + 1)) };
  if (v.kind !== "dict") return v;
  const sig = isSignatureDict(v);
  const entries = new Map<string, PdfValue>();
  for (const [k, x] of v.entries) entries.set(k, sig && k === "Contents" ? x : decryptValue(fe, num, gen, x, depth + 1));
  return { kind: "dict", entries };
}

/** An indirect object as a reader sees it: strings and stream data decrypted (not the signature's /Contents). */
export function decryptObject<T extends { num: number; gen: number; value: PdfValue; stream: Buffer | null }>(fe: FileEncryption, obj: T): T {
  // Cross-reference streams are never encrypted (ISO 32000-2 7.6.2), their /ID included.
  if (asName(dictGet(obj.value, "Type")) === "XRef") return obj;
  const value = decryptValue(fe, obj.num, obj.gen, obj.value, 0);
  const stream = obj.stream && value.kind === "dict" ? decryptBytes(fe, streamMethodOf(fe, value), obj.num, obj.gen, obj.stream) : obj.stream;
  return { ...obj, value, stream };
}
