import type { Element } from "@xmldom/xmldom";
import { MoharError } from "../errors.js";

/** One document of a transaction: its id in the request and the SHA-256 of its ByteRange. */
export interface InputHash {
  id: string;
  sha256: Buffer;
  /** What the officer sees at the ESP about the document (its title). */
  docInfo: string;
}

/** The `<Esign>` request of the CCA eSign API (2.1), before the ASP signs it. */
export interface EsignRequest {
  ver: string;
  ts: Date;
  txn: string;
  aspId: string;
  /** 1: OTP, 2: fingerprint, 3: iris (eSign API 2.1). */
  authMode: string;
  responseUrl: string;
  docs: InputHash[];
}

/** The parts of an `<EsignResp>` mohar uses. */
export interface EsignResponse {
  status: "1" | "0" | string;
  txn: string;
  ts: string;
  resCode: string;
  errCode: string;
  errMsg: string;
  /** DER of the per-transaction certificate the ESP issued; null when the ESP sent none. */
  userCertificate: Buffer | null;
  /** Base64-decoded PKCS#7 by InputHash id, with the ESP's per-document error when it has one. */
  signatures: Array<{ id: string; pkcs7: Buffer | null; error: string }>;
}

const IST_OFFSET_MS = (5 * 60 + 30) * 60 * 1000;

/** eSign timestamps are Indian Standard Time without a zone, as in the API's examples: 2026-12-05T23:59:00. */
export function esignTimestamp(d: Date): string {
  return new Date(d.getTime() + IST_OFFSET_MS).toISOString().slice(0, 19);
}

/** Reads an eSign timestamp; one without a zone is IST. NaN when unreadable. */
export function readEsignTimestamp(ts: string): number {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})?$/.test(ts)) return Number.NaN;
  return /(Z|[+-]\d{2}:\d{2})$/.test(ts) ? Date.parse(ts) : Date.parse(`${ts}+05:30`);
}

const escapeXml = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");

/** The unsigned request XML: one InputHash (hex SHA-256) per document, responseSigType pkcs7. */
export function esignRequestXml(r: EsignRequest): string {
  const attrs: Array<[string, string]> = [
    ["ver", r.ver],
    ["sc", "Y"],
    ["ts", esignTimestamp(r.ts)],
    ["txn", r.txn],
    ["ekycId", ""],
    ["ekycIdType", "A"],
    ["aspId", r.aspId],
    ["AuthMode", r.authMode],
    ["responseSigType", "pkcs7"],
    ["preVerified", "n"],
    ["organizationFlag", "n"],
    ["responseUrl", r.responseUrl],
  ];
  const hashes = r.docs
    .map((d) => `<InputHash id="${escapeXml(d.id)}" hashAlgorithm="SHA256" docInfo="${escapeXml(d.docInfo)}">${d.sha256.toString("hex")}</InputHash>`)
    .join("");
  return `<Esign ${attrs.map(([k, v]) => `${k}="${escapeXml(v)}"`).join(" ")}><Docs>${hashes}</Docs></Esign>`;
}

function children(el: Element, localName: string): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1 && (n as Element).localName === localName) out.push(n as Element);
  return out;
}

function base64Of(text: string, what: string, code: "esign.bad_response" | "esign.bad_request"): Buffer {
  const compact = text.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) throw new MoharError(code, `${what} is not base64`);
  return Buffer.from(compact, "base64");
}

/** Reads a signed `<Esign>` request (the dev ESP's side). */
export function readEsignRequest(root: Element): Omit<EsignRequest, "ts"> & { ts: string } {
  const bad = (detail: string) => new MoharError("esign.bad_request", detail);
  if (root.localName !== "Esign") throw bad(`the root element is <${root.localName}>, not <Esign>`);
  const docsEl = children(root, "Docs")[0];
  if (!docsEl) throw bad("the request has no <Docs>");
  const docs = children(docsEl, "InputHash").map((h) => {
    const hex = (h.textContent ?? "").trim();
    if (h.getAttribute("hashAlgorithm") !== "SHA256" || !/^[0-9a-fA-F]{64}$/.test(hex)) throw bad("every InputHash must be a hex SHA-256 with hashAlgorithm=\"SHA256\"");
    return { id: h.getAttribute("id") ?? "", sha256: Buffer.from(hex, "hex"), docInfo: h.getAttribute("docInfo") ?? "" };
  });
  if (docs.length === 0) throw bad("the request has no InputHash");
  const attr = (n: string): string => root.getAttribute(n) ?? "";
  return { ver: attr("ver"), ts: attr("ts"), txn: attr("txn"), aspId: attr("aspId"), authMode: attr("AuthMode"), responseUrl: attr("responseUrl"), docs };
}

/** Reads an `<EsignResp>` whose XML signature has been checked. */
export function readEsignResponse(root: Element): EsignResponse {
  if (root.localName !== "EsignResp") throw new MoharError("esign.bad_response", `the ESP's answer is <${root.localName}>, not <EsignResp>`);
  const attr = (n: string): string => root.getAttribute(n) ?? "";
  const certEl = children(root, "UserX509Certificate")[0];
  const certText = (certEl?.textContent ?? "").trim();
  const sigs = children(root, "Signatures")[0];
  return {
    status: attr("status"),
    txn: attr("txn"),
    ts: attr("ts"),
    resCode: attr("resCode"),
    errCode: attr("errCode"),
    errMsg: attr("errMsg"),
    userCertificate: certText ? base64Of(certText, "UserX509Certificate", "esign.bad_response") : null,
    signatures: (sigs ? children(sigs, "DocSignature") : []).map((s) => {
      const text = (s.textContent ?? "").trim();
      return { id: s.getAttribute("id") ?? "", pkcs7: text ? base64Of(text, `DocSignature ${s.getAttribute("id") ?? ""}`, "esign.bad_response") : null, error: s.getAttribute("error") ?? "" };
    }),
  };
}

export interface EsignResponseFields {
  status: "1" | "0";
  ts: Date;
  txn: string;
  resCode: string;
  errCode?: string;
  errMsg?: string;
  userCertificate?: Buffer;
  signatures?: Array<{ id: string; pkcs7: Buffer }>;
}

/** The unsigned `<EsignResp>` XML (the dev ESP's side). */
export function esignResponseXml(r: EsignResponseFields): string {
  const attrs = [
    ["ver", "2.1"],
    ["status", r.status],
    ["ts", esignTimestamp(r.ts)],
    ["txn", r.txn],
    ["resCode", r.resCode],
    ["errCode", r.errCode ?? "NA"],
    ["errMsg", r.errMsg ?? "NA"],
  ];
  const cert = r.userCertificate ? `<UserX509Certificate>${r.userCertificate.toString("base64")}</UserX509Certificate>` : "";
  const sigs = r.signatures
    ? `<Signatures>${r.signatures.map((s) => `<DocSignature id="${escapeXml(s.id)}" sigHashAlgorithm="SHA256" error="">${s.pkcs7.toString("base64")}</DocSignature>`).join("")}</Signatures>`
    : "";
  return `<EsignResp ${attrs.map(([k, v]) => `${k}="${escapeXml(v ?? "")}"`).join(" ")}>${cert}${sigs}</EsignResp>`;
}
