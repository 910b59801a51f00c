import { createHash, createPrivateKey, sign, X509Certificate } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { encodeSignedData } from "../signing/cmsAssemble.js";
import { randomSerial } from "../common/serialNumber.js";
import { namedBits, parseDer, toDer } from "../common/der.js";
import { oid } from "../common/oids.js";
import { pemBlocks } from "../common/pem.js";
import { keyAlgorithmOf } from "../signing/signingKey.js";
import { essSignedAttributes } from "../signing/signedAttributes.js";
import { readSignerCertificate } from "../signing/signerCertificate.js";

/** An RFC 3161 time-stamping authority for development: answers TimeStampReq DER with TimeStampResp DER. */
export interface DevTsa {
  respond(requestDer: Buffer): Promise<Buffer>;
  /** DER of the TSA certificate. */
  certificate: Buffer;
  /** DER of its issuers, issuer first. */
  chain: Buffer[];
}

/** PKIFailureInfo bits (RFC 3161 2.4.2). */
const failure = { badAlg: 0, badRequest: 2, badDataFormat: 5, unacceptedPolicy: 15 } as const;

const imprintLengths: Record<string, number> = {
  [oid.sha256]: 32,
  "2.16.840.1.101.3.4.2.2": 48, // SHA-384
  "2.16.840.1.101.3.4.2.3": 64, // SHA-512
};

function rejection(bit: number, text: string): Buffer {
  const statusInfo = new asn1js.Sequence({
    value: [new asn1js.Integer({ value: 2 }), new asn1js.Sequence({ value: [new asn1js.Utf8String({ value: text })] }), namedBits([bit])],
  });
  return toDer(new asn1js.Sequence({ value: [statusInfo] }));
}

export function createDevTsa(opts: { certPem: string; keyPem: string; chainPem?: string; now?: () => Date }): DevTsa {
  const [certificate] = pemBlocks(opts.certPem, "CERTIFICATE");
  if (!certificate) throw new Error("the dev TSA certificate PEM holds no certificate");
  const chain = opts.chainPem ? pemBlocks(opts.chainPem, "CERTIFICATE") : [];
  const key = createPrivateKey(opts.keyPem);
  if (!new X509Certificate(certificate).checkPrivateKey(key)) throw new Error("the dev TSA key does not belong to its certificate");
  const keyAlgorithm = keyAlgorithmOf(certificate);
  const signer = readSignerCertificate(certificate);
  const tsaName = pkijs.Certificate.fromBER(certificate).subject;
  const now = opts.now ?? (() => new Date());

  return {
    certificate,
    chain,
    async respond(requestDer) {
      let req: pkijs.TimeStampReq;
      try {
        req = pkijs.TimeStampReq.fromBER(requestDer);
      } catch {
        return rejection(failure.badDataFormat, "the request is not a DER TimeStampReq");
      }
      const expected = imprintLengths[req.messageImprint.hashAlgorithm.algorithmId];
      if (expected === undefined) return rejection(failure.badAlg, "the imprint hash must be SHA-256, SHA-384 or SHA-512");
      if (req.messageImprint.hashedMessage.valueBlock.valueHexView.byteLength !== expected) {
        return rejection(failure.badRequest, "the imprint length does not match its hash algorithm");
      }
      if (req.reqPolicy !== undefined && req.reqPolicy !== oid.devTsaPolicy) {
        return rejection(failure.unacceptedPolicy, `this TSA issues tokens under policy ${oid.devTsaPolicy} only`);
      }

      // Whole seconds keep genTime free of DER fraction pitfalls; accuracy says +-1 s anyway.
      const genTime = new Date(Math.floor(now().getTime() / 1000) * 1000);
      const tstInfo = new pkijs.TSTInfo({
        version: 1,
        policy: oid.devTsaPolicy,
        messageImprint: req.messageImprint,
        serialNumber: randomSerial(),
        genTime,
        accuracy: new pkijs.Accuracy({ seconds: 1 }),
        ...(req.nonce ? { nonce: req.nonce } : {}),
        tsa: new pkijs.GeneralName({ type: 4, value: tsaName }),
      });
      const content = toDer(tstInfo.toSchema());
      const signedAttributes = essSignedAttributes({
        contentType: oid.tstInfo,
        contentDigest: createHash("sha256").update(content).digest(),
        signerCertificate: signer,
      });
      const signatureValue = sign("sha256", signedAttributes, { key, dsaEncoding: "der" });
      const token = encodeSignedData({
        signedAttributes,
        signatureValue,
        signerCertificate: signer,
        chain,
        keyAlgorithm,
        encapsulated: { contentType: oid.tstInfo, content },
        // RFC 3161 2.4.1: the certificates are present exactly when the requester asked for them.
        omitCertificates: !req.certReq,
      });
      const granted = new asn1js.Sequence({ value: [new asn1js.Integer({ value: 0 })] });
      return toDer(new asn1js.Sequence({ value: [granted, parseDer(token, "timestamp token")] }));
    },
  };
}

