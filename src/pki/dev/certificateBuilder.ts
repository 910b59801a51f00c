import { createHash, KeyObject, sign, webcrypto } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { pkiEngine } from "../common/cryptoEngine.js";
import { randomSerial } from "../common/serialNumber.js";
import { encodeKeyUsage, type KeyUsageName } from "../common/keyUsage.js";
import { buildName, type NameAttributes } from "../common/name.js";
import { oid } from "../common/oids.js";

type CryptoKey = webcrypto.CryptoKey;

export interface CertificateSpec {
  subject: NameAttributes;
  publicKey: CryptoKey;
  /** The issuing CA; absent for a self-signed root. */
  issuer?: { certificate: Buffer; privateKey: CryptoKey };
  /** Signs a self-signed certificate. */
  selfSignKey?: CryptoKey;
  notBefore: Date;
  notAfter: Date;
  ca?: { pathLength?: number };
  keyUsage: KeyUsageName[];
  extendedKeyUsage?: { purposes: string[]; critical: boolean };
  policies?: Array<{ oid: string; notice?: string }>;
}

export function time(date: Date): pkijs.Time {
  // RFC 5280: UTCTime through 2049, GeneralizedTime from 2050.
  return new pkijs.Time({ type: date.getUTCFullYear() >= 2050 ? 1 : 0, value: date });
}

export function extension(extnID: string, critical: boolean, value: { toSchema(): asn1js.AsnType } | asn1js.AsnType): pkijs.Extension {
  const schema = "toSchema" in value ? value.toSchema() : value;
  return new pkijs.Extension({ extnID, critical, extnValue: schema.toBER(false) });
}

export function signatureAlgorithmFor(key: KeyObject): pkijs.AlgorithmIdentifier {
  return key.asymmetricKeyType === "rsa"
    ? new pkijs.AlgorithmIdentifier({ algorithmId: oid.sha256WithRSAEncryption, algorithmParams: new asn1js.Null() })
    : new pkijs.AlgorithmIdentifier({ algorithmId: oid.ecdsaWithSHA256 });
}

/** The authorityKeyIdentifier extension naming `issuer`'s key, when the issuer has a subjectKeyIdentifier. */
export function authorityKeyIdentifier(issuer: pkijs.Certificate): pkijs.Extension | null {
  const issuerSki = issuer.extensions?.find((e) => e.extnID === oid.subjectKeyIdentifier);
  if (!issuerSki) return null;
  const keyIdentifier = asn1js.fromBER(issuerSki.extnValue.valueBlock.valueHexView).result as asn1js.OctetString;
  return extension(oid.authorityKeyIdentifier, false, new pkijs.AuthorityKeyIdentifier({ keyIdentifier }));
}

/** Issues an X.509 v3 certificate; the signature is made by WebCrypto through pkijs. */
export async function issueCertificate(spec: CertificateSpec): Promise<Buffer> {
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = randomSerial();
  cert.subject = buildName(spec.subject);
  cert.notBefore = time(spec.notBefore);
  cert.notAfter = time(spec.notAfter);
  await cert.subjectPublicKeyInfo.importKey(spec.publicKey, pkiEngine);

  const ski = createHash("sha1").update(cert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView).digest();
  const extensions: pkijs.Extension[] = [extension(oid.subjectKeyIdentifier, false, new asn1js.OctetString({ valueHex: ski }))];

  let signingKey: CryptoKey;
  if (spec.issuer) {
    const issuer = pkijs.Certificate.fromBER(spec.issuer.certificate);
    cert.issuer = issuer.subject;
    const aki = authorityKeyIdentifier(issuer);
    if (aki) extensions.push(aki);
    signingKey = spec.issuer.privateKey;
  } else {
    if (!spec.selfSignKey) throw new Error("a self-signed certificate needs selfSignKey");
    cert.issuer = cert.subject;
    signingKey = spec.selfSignKey;
  }

  if (spec.ca) {
    extensions.push(
      // Written by hand: pkijs' BasicConstraints always emits a pathLenConstraint (0 by default).
      extension(
        oid.basicConstraints,
        true,
        new asn1js.Sequence({
          value: [
            new asn1js.Boolean({ value: true }),
            ...(spec.ca.pathLength === undefined ? [] : [new asn1js.Integer({ value: spec.ca.pathLength })]),
          ],
        }),
      ),
    );
  }
  extensions.push(extension(oid.keyUsage, true, encodeKeyUsage(spec.keyUsage)));
  if (spec.extendedKeyUsage) {
    extensions.push(
      extension(oid.extKeyUsage, spec.extendedKeyUsage.critical, new pkijs.ExtKeyUsage({ keyPurposes: spec.extendedKeyUsage.purposes })),
    );
  }
  if (spec.policies?.length) {
    const policies = new pkijs.CertificatePolicies({
      certificatePolicies: spec.policies.map(
        (p) =>
          new pkijs.PolicyInformation({
            policyIdentifier: p.oid,
            policyQualifiers: p.notice
              ? [
                  new pkijs.PolicyQualifierInfo({
                    policyQualifierId: oid.userNoticeQualifier,
                    qualifier: new asn1js.Sequence({ value: [new asn1js.Utf8String({ value: p.notice })] }),
                  }),
                ]
              : undefined,
          }),
      ),
    });
    extensions.push(extension(oid.certificatePolicies, false, policies));
  }
  cert.extensions = extensions;

  // Signed here rather than by cert.sign(): pkijs leaves out the NULL parameters that RFC 4055
  // requires for sha256WithRSAEncryption, and the private-key operation belongs to Node's crypto.
  const issuerKey = KeyObject.from(signingKey);
  const algorithm = signatureAlgorithmFor(issuerKey);
  cert.signature = algorithm;
  cert.signatureAlgorithm = algorithm;
  const tbs = Buffer.from(cert.encodeTBS().toBER(false));
  const signature = sign("sha256", tbs, { key: issuerKey, dsaEncoding: "der" });
  cert.signatureValue = new asn1js.BitString({ valueHex: signature });
  cert.tbsView = new Uint8Array(tbs);
  return Buffer.from(cert.toSchema(false).toBER(false));
}
