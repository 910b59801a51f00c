import { createPrivateKey, KeyObject, randomBytes, sign, webcrypto, X509Certificate } from "node:crypto";
import { MoharError } from "../errors.js";
import { assembleCms, buildSignedAttributes, keyAlgorithmOf, pemBlocks } from "../pki/index.js";
import { issueCertificate, issueCrl } from "../pki/dev/index.js";
import { esignResponseXml, readEsignRequest, readEsignTimestamp, type EsignResponseFields, type InputHash } from "./esignXml.js";
import { devUidToken, type DevResident } from "./devEspPki.js";
import { parseXml, signEnveloped, verifyEnveloped } from "./xmlSignature.js";

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

function isLoopbackHttpUrl(u: string): boolean {
  try {
    const url = new URL(u);
    return ["http:", "https:"].includes(url.protocol) && LOOPBACK_HOSTS.has(url.hostname);
  } catch {
    return false;
  }
}

/** The one OTP the development ESP accepts (it sends no SMS). */
export const DEV_OTP = "123456";

export interface DevEspOptions {
  caCertPem: string;
  caKeyPem: string;
  espCertPem: string;
  espKeyPem: string;
  /** The ASPs it serves: their id and the certificate their requests are signed with. */
  asps: Array<{ aspId: string; certificatePem: string }>;
  residents: DevResident[];
  now?: () => Date;
  /** A request whose ts is older than this (or this far in the future) is refused as expired. Default 10 minutes. */
  requestValidityMs?: number;
  /** How long a transaction waits for the OTP. Default 10 minutes. */
  otpWaitMs?: number;
}

/** What the ESP shows the browser next. */
export type DevEspStep =
  | { kind: "otp"; espTxnID: string; aspId: string; documents: string[] }
  /** Post `eSignResponse` and `espTxnID` to `responseUrl` (the ASP's callback). */
  | { kind: "respond"; responseUrl: string; espTxnID: string; eSignResponse: string };

interface Pending {
  request: ReturnType<typeof readEsignRequest>;
  until: number;
}

const MAX_PENDING = 1000;

/**
 * A development eSign Service Provider (CCA eSign API 2.1, pkcs7 responses): checks the ASP's
 * signed request, asks for an Aadhaar number and OTP (DEV_OTP), issues a certificate to the named
 * resident from its own CA, signs each InputHash as a detached PAdES-ready CMS with it, and
 * answers with a signed EsignResp posted to the ASP's responseUrl. Refusals (expired request,
 * wrong OTP, unknown resident) are EsignResp with status 0; a request it cannot trust (unknown
 * ASP, bad signature, malformed) is refused to the browser and never reaches the ASP.
 */
export class DevEsp {
  private readonly pending = new Map<string, Pending>();
  private readonly caCert: Buffer;
  private readonly caKey: Promise<webcrypto.CryptoKey>;
  private readonly espKeyPem: string;
  private readonly now: () => Date;

  constructor(private readonly opts: DevEspOptions) {
    const [ca] = pemBlocks(opts.caCertPem, "CERTIFICATE");
    if (!ca) throw new Error("the dev ESP CA PEM holds no certificate");
    this.caCert = ca;
    const der = createPrivateKey(opts.caKeyPem).export({ type: "pkcs8", format: "der" });
    this.caKey = webcrypto.subtle.importKey("pkcs8", der, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["sign"]);
    this.espKeyPem = opts.espKeyPem;
    this.now = opts.now ?? (() => new Date());
  }

  /** The browser posts the ASP's form here (eSignRequest, aspTxnID). */
  begin(eSignRequest: string): DevEspStep {
    // Read once unchecked only to learn whose certificate checks it; nothing else of it is used.
    const head = readEsignRequest(parseXml(eSignRequest, "esign.bad_request", "the eSign request"));
    const asp = this.opts.asps.find((a) => a.aspId === head.aspId);
    if (!asp) throw new MoharError("esign.unknown_asp", `this ESP serves no ASP ${JSON.stringify(head.aspId)}`);
    const request = readEsignRequest(verifyEnveloped(eSignRequest, new X509Certificate(asp.certificatePem), "esign.bad_request", "the eSign request"));
    if (!isLoopbackHttpUrl(request.responseUrl)) throw new MoharError("esign.bad_request", "the request's responseUrl must be an http(s) URL on this machine (the development ESP answers loopback only)");
    const t = readEsignTimestamp(request.ts);
    const validity = this.opts.requestValidityMs ?? 10 * 60_000;
    if (!Number.isFinite(t) || Math.abs(this.now().getTime() - t) > validity) {
      return this.refuse(request, "ESP-EXPIRED", `the request's ts ${request.ts} is not within ${validity / 60_000} minutes of the ESP's clock`);
    }
    if (request.ver !== "2.1" && !request.ver.startsWith("3.")) return this.refuse(request, "ESP-VERSION", `API version ${request.ver} is not served`);
    this.sweep();
    if (this.pending.size >= MAX_PENDING) return this.refuse(request, "ESP-BUSY", "too many transactions are waiting for an OTP");
    const espTxnID = randomBytes(12).toString("hex");
    this.pending.set(espTxnID, { request, until: this.now().getTime() + (this.opts.otpWaitMs ?? 10 * 60_000) });
    return { kind: "otp", espTxnID, aspId: request.aspId, documents: request.docs.map((d) => d.docInfo) };
  }

  /** The browser posts the resident's Aadhaar number and OTP here. */
  async authenticate(espTxnID: string, aadhaar: string, otp: string): Promise<DevEspStep> {
    const p = this.pending.get(espTxnID);
    if (!p) throw new MoharError("esign.transaction_not_found", `the ESP has no transaction ${JSON.stringify(espTxnID)} waiting for an OTP`);
    this.pending.delete(espTxnID);
    if (this.now().getTime() > p.until) return this.refuse(p.request, "ESP-EXPIRED", "the transaction expired while waiting for the OTP", espTxnID);
    const resident = this.opts.residents.find((r) => r.aadhaar === aadhaar.replace(/\s+/g, ""));
    if (!resident) return this.refuse(p.request, "ESP-AADHAAR", "the Aadhaar number is not known to eKYC", espTxnID);
    if (otp !== DEV_OTP) return this.refuse(p.request, "ESP-OTP", "the OTP is wrong", espTxnID);
    const { certificate, key } = await this.issue(resident);
    const crl = await this.currentCrl();
    const signatures = p.request.docs.map((d) => ({ id: d.id, pkcs7: this.signHash(d, certificate, key, crl) }));
    return this.answer(p.request, espTxnID, { status: "1", userCertificate: certificate, signatures });
  }

  private sweep(): void {
    const t = this.now().getTime();
    for (const [id, p] of this.pending) if (p.until < t) this.pending.delete(id);
  }

  private refuse(request: Pending["request"], errCode: string, errMsg: string, espTxnID = randomBytes(12).toString("hex")): DevEspStep {
    return this.answer(request, espTxnID, { status: "0", errCode, errMsg });
  }

  private answer(request: Pending["request"], espTxnID: string, fields: Omit<EsignResponseFields, "ts" | "txn" | "resCode">): DevEspStep {
    const xml = esignResponseXml({ ...fields, ts: this.now(), txn: request.txn, resCode: espTxnID });
    const eSignResponse = signEnveloped(xml, this.espKeyPem, this.opts.espCertPem);
    return { kind: "respond", responseUrl: request.responseUrl, espTxnID, eSignResponse };
  }

  /** A certificate for this one transaction, valid for 30 minutes, naming the resident as eKYC does. */
  private async issue(r: DevResident): Promise<{ certificate: Buffer; key: KeyObject }> {
    const pair = (await webcrypto.subtle.generateKey({ name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }, true, [
      "sign",
      "verify",
    ])) as webcrypto.CryptoKeyPair;
    const now = this.now();
    const certificate = await issueCertificate({
      subject: { country: "IN", state: "Example State", organization: "Personal", pseudonym: devUidToken(r.aadhaar), commonName: r.name.toUpperCase() },
      publicKey: pair.publicKey,
      issuer: { certificate: this.caCert, privateKey: await this.caKey },
      notBefore: new Date(now.getTime() - 60_000),
      notAfter: new Date(now.getTime() + 30 * 60_000),
      keyUsage: ["digitalSignature", "nonRepudiation"],
    });
    return { certificate, key: KeyObject.from(pair.privateKey) };
  }

  /**
   * The CA's CRL as of now, carried inside each signature (adbe-revocationInfoArchival): a
   * certificate that lives 30 minutes is checked against what its CA said when it signed.
   */
  private async currentCrl(): Promise<Buffer> {
    const now = this.now().getTime();
    return issueCrl({ issuer: { certificate: this.caCert, privateKey: await this.caKey }, thisUpdate: new Date(now - 60_000), nextUpdate: new Date(now + 24 * 3600_000), crlNumber: Math.floor(now / 1000), revoked: [] });
  }

  private signHash(d: InputHash, certificate: Buffer, key: KeyObject, crl: Buffer): Buffer {
    const signedAttributes = buildSignedAttributes({ contentDigest: d.sha256, signerCertificate: certificate, revocationCrls: [crl] });
    return assembleCms({
      signedAttributes,
      signatureValue: sign("sha256", signedAttributes, key),
      signerCertificate: certificate,
      chain: [this.caCert],
      keyAlgorithm: keyAlgorithmOf(certificate),
    });
  }
}

