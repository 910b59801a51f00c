import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef } from "pdf-lib";
import type { TestPki } from "./testPki.js";

/**
 * Test-only signer: appends one incremental update with a signature field, its widget and
 * appearance, and a CMS made by `openssl cms -sign` (with the test CRL embedded). Kept small on
 * purpose; the real writer lives in src/pdf once merged.
 */
export interface TestSignOptions {
  fieldName: string;
  signerPem?: string;
  signerKey?: string;
  /** adbe.pkcs7.sha1 signs the SHA-1 digest of the ranges as encapsulated content. */
  subFilter?: "ETSI.CAdES.detached" | "adbe.pkcs7.detached" | "adbe.pkcs7.sha1" | "PBAD.PAdES";
  /** Intermediate certificates (PEM files) to include in the CMS. */
  chain?: string[];
  /** Sign with RSA-PSS padding instead of PKCS#1 v1.5. */
  pss?: boolean;
  embedCrl?: boolean;
  /** A FieldMDP lock in the signature's /Reference. */
  fieldMdp?: { action: "All" | "Include" | "Exclude"; fields: string[] };
  /** DocMDP /P for a certification signature. */
  certify?: 1 | 2 | 3;
  /** Add an RFC 3161 signature timestamp (unsigned attribute) from the test TSA. */
  timestamp?: boolean;
  /** Leave out the ESS signing-certificate-v2 attribute (openssl without -cades). */
  noEss?: boolean;
  /** Make the CMS with this function (e.g. mohar's own CMS builder) instead of openssl. */
  cms?: (signedBytes: Buffer) => Promise<Buffer>;
  /** Make an ETSI.RFC3161 document timestamp instead of a signature. */
  documentTimestamp?: boolean;
  /** Sign this existing empty signature field (a field merged with its widget) instead of adding one. */
  intoField?: number;
  /** Entries (PDF syntax) to set on that field in the same update, e.g. a grown /Kids. */
  intoFieldEdits?: Record<string, string>;
  /** Other objects to write in the same update as the signature (object number -> PDF syntax). */
  alsoWrite?: Map<number, string>;
  /** Alters the prepared file before it is signed (e.g. a wrong startxref, as a buggy signer writes). */
  damage?: (prepared: Buffer) => Buffer;
  /** Sign an encrypted base (see encryptedPdfs.ts `encryptedSigning`). */
  encrypted?: EncryptedBase;
}

/** What signing an encrypted file needs: pdf-lib reads no encrypted object stream. */
export interface EncryptedBase {
  /**
   * What pdf-lib reads the structure from: the base decrypted by qpdf with the same object numbers,
   * or the base itself when it has no object streams (the objects signing reads hold no strings).
   */
  readFrom: Buffer;
  /** The trailer entries an update of the encrypted file repeats (readers take them from the newest trailer). */
  trailer: string;
  /** Encrypts a new object's strings and streams (the signature's hex /Contents stays plain, as ISO 32000 says). */
  encryptObject(num: number, text: string): string;
}

/** Adds a signature-time-stamp unsigned attribute (token over the signature value). */
export function addSignatureTimestamp(cmsDer: Buffer, pki: TestPki): Buffer {
  const ci = pkijs.ContentInfo.fromBER(cmsDer);
  const sd = new pkijs.SignedData({ schema: ci.content });
  const si = sd.signerInfos[0];
  if (!si) throw new Error("no signer");
  const token = pki.timestampToken(Buffer.from(si.signature.valueBlock.valueHexView));
  si.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 1,
    attributes: [new pkijs.Attribute({ type: "1.2.840.113549.1.9.16.2.14", values: [asn1js.fromBER(token).result] })],
  });
  return Buffer.from(new pkijs.ContentInfo({ contentType: ci.contentType, content: sd.toSchema(true) }).toSchema().toBER());
}

const PLACEHOLDER_BYTES = 16384;

export function addCrl(cmsDer: Buffer, crlDer: Buffer): Buffer {
  const ci = pkijs.ContentInfo.fromBER(cmsDer);
  const sd = new pkijs.SignedData({ schema: ci.content });
  sd.crls = [pkijs.CertificateRevocationList.fromBER(crlDer)];
  return Buffer.from(new pkijs.ContentInfo({ contentType: ci.contentType, content: sd.toSchema(true) }).toSchema().toBER());
}

function cmsSign(pki: TestPki, data: Buffer, cert: string, key: string, extra: string[]): Buffer {
  const inFile = path.join(pki.dir, `data-${process.pid}-${Date.now()}.bin`);
  fs.writeFileSync(inFile, data);
  try {
    return execFileSync("openssl", ["cms", "-sign", "-binary", "-in", inFile, "-signer", cert, "-inkey", key, "-outform", "DER", "-md", "sha256", "-nosmimecap", ...extra]);
  } finally {
    fs.rmSync(inFile, { force: true });
  }
}

/** Writes objects as an incremental update with a classic xref table; returns the new file. */
export async function appendUpdate(base: Buffer, objects: Map<number, string>, extraTrailer = "", readFrom = base): Promise<Buffer> {
  const doc = await PDFDocument.load(readFrom, { updateMetadata: false, ignoreEncryption: true });
  const root = doc.context.trailerInfo.Root as PDFRef;
  const prev = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(base.toString("latin1"))?.[1]);
  let body = base.toString("latin1").endsWith("\n") ? "" : "\n";
  const offsets = new Map<number, number>();
  for (const [num, text] of [...objects].sort((a, b) => a[0] - b[0])) {
    offsets.set(num, base.length + Buffer.byteLength(body, "latin1"));
    body += `${num} 0 obj\n${text}\nendobj\n`;
  }
  const xrefAt = base.length + Buffer.byteLength(body, "latin1");
  body += "xref\n";
  for (const [num, off] of [...offsets].sort((a, b) => a[0] - b[0])) body += `${num} 1\n${String(off).padStart(10, "0")} 00000 n \n`;
  const sizes = [...base.toString("latin1").matchAll(/\/Size (\d+)/g)].map((m) => Number(m[1]));
  const size = Math.max(doc.context.largestObjectNumber + 1, ...sizes, ...[...objects.keys()].map((n) => n + 1));
  body += `trailer\n<< /Size ${size} /Root ${root.toString()} /Prev ${prev}${extraTrailer} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.concat([base, Buffer.from(body, "latin1")]);
}

/** Signs `base` (any PDF) in a new incremental revision. */
export async function signPdf(base: Buffer, pki: TestPki, o: TestSignOptions): Promise<Buffer> {
  const doc = await PDFDocument.load(o.encrypted?.readFrom ?? base, { updateMetadata: false, ignoreEncryption: o.encrypted !== undefined });
  const ctx = doc.context;
  // pdf-lib drops object streams and xref streams on load, so the trailer's /Size is the real next number.
  const sizes = [...base.toString("latin1").matchAll(/\/Size (\d+)/g)].map((m) => Number(m[1]));
  let next = Math.max(ctx.largestObjectNumber + 1, ...sizes);
  const sigNum = next++;
  const widgetNum = next++;
  const apNum = next;
  const page = doc.getPage(0);
  const pageRef = page.ref;
  const objects = new Map<number, string>();

  if (o.intoField !== undefined) {
    const field = ctx.lookup(PDFRef.of(o.intoField), PDFDict);
    field.set(PDFName.of("V"), PDFRef.of(sigNum));
    const edits = Object.entries(o.intoFieldEdits ?? {});
    for (const [k] of edits) field.delete(PDFName.of(k));
    const text = field.toString();
    objects.set(o.intoField, `${text.slice(0, text.lastIndexOf(">>"))}${edits.map(([k, v]) => ` /${k} ${v}`).join("")} >>`);
  } else {
    const annots = page.node.lookup(PDFName.of("Annots"));
    const annotRefs = annots instanceof PDFArray ? annots.asArray().map((r) => r.toString()) : [];
    page.node.set(PDFName.of("Annots"), ctx.obj([...annotRefs.map(() => null), null]));
    const pageText = page.node.toString().replace(/\/Annots \[[^\]]*\]/, `/Annots [${[...annotRefs, `${widgetNum} 0 R`].join(" ")}]`);
    objects.set(pageRef.objectNumber, pageText);

    const catalog = doc.catalog;
    const acroVal = catalog.get(PDFName.of("AcroForm"));
    const acro = acroVal instanceof PDFRef ? ctx.lookup(acroVal, PDFDict) : acroVal instanceof PDFDict ? acroVal : undefined;
    const fields = acro?.lookup(PDFName.of("Fields"));
    const fieldRefs = fields instanceof PDFArray ? fields.asArray().map((r) => r.toString()) : [];
    const acroText = `<< /Fields [${[...fieldRefs, `${widgetNum} 0 R`].join(" ")}] /SigFlags 3 >>`;
    const extraCatalog: string[] = [];
    if (acroVal instanceof PDFRef) objects.set(acroVal.objectNumber, acroText);
    else extraCatalog.push(`/AcroForm ${acroText}`);
    if (o.certify) extraCatalog.push(`/Perms << /DocMDP ${sigNum} 0 R >>`);
    if (extraCatalog.length > 0) {
      const rootRef = ctx.trailerInfo.Root as PDFRef;
      const entries = catalog.entries().filter(([k]) => !(k.asString() === "/AcroForm" && !(acroVal instanceof PDFRef)) && k.asString() !== "/Perms");
      const text = `<< ${entries.map(([k, v]) => `${k.toString()} ${v.toString()}`).join(" ")} ${extraCatalog.join(" ")} >>`;
      objects.set(rootRef.objectNumber, text);
    }
  }

  if (o.intoField === undefined) {
    const apStream = "q 0 0 1 rg 0 0 100 40 re f Q";
    objects.set(apNum, `<< /Type /XObject /Subtype /Form /BBox [0 0 100 40] /Length ${apStream.length} >>\nstream\n${apStream}\nendstream`);
    objects.set(
      widgetNum,
      `<< /Type /Annot /Subtype /Widget /FT /Sig /T (${o.fieldName}) /V ${sigNum} 0 R /Rect [20 20 120 60] /F 4 /P ${pageRef.toString()} /AP << /N ${apNum} 0 R >> >>`,
    );
  }
  const refs = [
    o.certify ? `<< /Type /SigRef /TransformMethod /DocMDP /TransformParams << /Type /TransformParams /P ${o.certify} /V /1.2 >> >>` : "",
    o.fieldMdp
      ? `<< /Type /SigRef /TransformMethod /FieldMDP /TransformParams << /Type /TransformParams /Action /${o.fieldMdp.action} /Fields [${o.fieldMdp.fields.map((f) => `(${f})`).join(" ")}] /V /1.2 >> >>`
      : "",
  ].filter(Boolean);
  const ref = refs.length > 0 ? ` /Reference [${refs.join(" ")}]` : "";
  const brPlaceholder = "/ByteRange [0 0000000000 0000000000 0000000000]";
  objects.set(
    sigNum,
    `<< /Type /${o.documentTimestamp ? "DocTimeStamp" : "Sig"} /Filter /Adobe.PPKLite /SubFilter /${o.documentTimestamp ? "ETSI.RFC3161" : (o.subFilter ?? "ETSI.CAdES.detached")} ${brPlaceholder} /Contents <${"0".repeat(PLACEHOLDER_BYTES * 2)}> /M (D:${new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14)}Z) /Reason (approved) /Location (Delhi)${ref} >>`,
  );
  for (const [num, text] of o.alsoWrite ?? []) objects.set(num, text);
  const enc = o.encrypted;
  if (enc) for (const [num, text] of objects) objects.set(num, enc.encryptObject(num, text));
  const appended = await appendUpdate(base, objects, enc ? ` ${enc.trailer}` : "", enc?.readFrom);
  const prepared = o.damage ? o.damage(appended) : appended;

  const text = prepared.toString("latin1");
  const brAt = text.lastIndexOf(brPlaceholder);
  const contentsAt = text.indexOf("/Contents <", brAt) + "/Contents ".length;
  const a = contentsAt;
  const b = contentsAt + PLACEHOLDER_BYTES * 2 + 2;
  const c = prepared.length - b;
  const br = `/ByteRange [0 ${String(a).padStart(10, "0")} ${String(b).padStart(10, "0")} ${String(c).padStart(10, "0")}]`;
  prepared.write(br, brAt, "latin1");
  const signed = Buffer.concat([prepared.subarray(0, a), prepared.subarray(b)]);
  let cms: Buffer;
  if (o.documentTimestamp) cms = pki.timestampToken(signed);
  else if (o.cms) cms = await o.cms(signed);
  else {
    const sha1 = o.subFilter === "adbe.pkcs7.sha1";
    const extra = [...(o.noEss || sha1 ? [] : ["-cades"]), ...(sha1 ? ["-nodetach"] : []), ...(o.pss ? ["-keyopt", "rsa_padding_mode:pss"] : []), ...(o.chain ?? []).flatMap((c) => ["-certfile", c])];
    const data = sha1 ? createHash("sha1").update(signed).digest() : signed;
    cms = cmsSign(pki, data, o.signerPem ?? pki.signerPem, o.signerKey ?? pki.signerKey, extra);
    if (o.embedCrl !== false) cms = addCrl(cms, pki.crlDer);
    if (o.timestamp) cms = addSignatureTimestamp(cms, pki);
  }
  if (cms.length > PLACEHOLDER_BYTES) throw new Error("CMS larger than the placeholder");
  prepared.write(cms.toString("hex").padEnd(PLACEHOLDER_BYTES * 2, "0"), a + 1, "latin1");
  return prepared;
}

/** A small pdf-lib document (object streams, xref stream) with `pages` pages of text. */
export async function makePdf(pages = 1): Promise<Buffer> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) doc.addPage([300, 200]).drawText(`Office order ${i + 1}: pay the contractor Rs 1000`, { x: 10, y: 100, size: 10 });
  return Buffer.from(await doc.save({ useObjectStreams: true }));
}
