import { z } from "zod";
import { MoharError } from "../errors.js";
import { esignIdentitySchema, type EsignIdentity } from "../esign/index.js";
import { describeCertificate, pemBlocks } from "../pki/index.js";

/** Where an officer's private key lives. Never leaves the server. */
export type OfficerKeyRef = { type: "p12"; path: string } | { type: "pkcs11"; tokenLabel: string; keyId: string };

/** The stored record, `officers/{id}.json`. */
export interface Officer {
  id: string;
  name: string;
  designation: string;
  department: string;
  certificatePem: string;
  /** Issuing certificates (PEM, issuer first) for keys whose store does not carry them (PKCS#11). */
  chainPem?: string;
  key: OfficerKeyRef;
  /** Who the officer is to the eSign Service Provider: a per-transaction certificate must name this. */
  esign?: EsignIdentity;
  createdAt: string;
}

/** What anyone may see about an officer: no key location, no secrets. */
export interface PublicOfficer {
  id: string;
  name: string;
  designation: string;
  department: string;
  esign: EsignIdentity | null;
  certificate: {
    subject: string;
    issuer: string;
    serialHex: string;
    notBefore: string;
    notAfter: string;
    sha256: string;
    pem: string;
  };
}

export const officerIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, "must be 1-64 characters: lowercase letters, digits, '.', '_' or '-', starting with a letter or digit");

const text = (max: number) => z.string().trim().min(1).max(max);

/** The body of POST /v1/officers: the key is either a PKCS#12 file on the server or a token key. */
export const newOfficerSchema = z
  .object({
    id: officerIdSchema,
    name: text(200),
    designation: text(200),
    department: text(200),
    certificatePem: z.string().min(1).max(64 * 1024),
    chainPem: z.string().min(1).max(256 * 1024).optional(),
    /** A PKCS#12 file by name in OFFICER_KEY_DIR: never a server path. */
    p12File: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}\.p12$/, "must be the name of a .p12 file in the configured key directory (OFFICER_KEY_DIR), without directories")
      .optional(),
    pkcs11: z
      .object({
        tokenLabel: z.string().min(1).max(32),
        keyId: z.string().regex(/^(?:[0-9a-fA-F]{2}){1,64}$/, "must be the hex CKA_ID of the key"),
      })
      .strict()
      .optional(),
    /** The officer's Aadhaar eSign identity: the name and identifier the ESP writes in its certificates. */
    esign: esignIdentitySchema.optional(),
  })
  .strict()
  .refine((o) => (o.p12File === undefined) !== (o.pkcs11 === undefined), { message: "give exactly one of p12File and pkcs11" });

export type NewOfficer = z.infer<typeof newOfficerSchema>;

export function toPublicOfficer(o: Officer, certificateDer: Buffer): PublicOfficer {
  const d = describeCertificate(certificateDer);
  return {
    id: o.id,
    name: o.name,
    designation: o.designation,
    department: o.department,
    esign: o.esign ?? null,
    certificate: {
      subject: d.subject,
      issuer: d.issuer,
      serialHex: d.serialHex,
      notBefore: d.notBefore.toISOString(),
      notAfter: d.notAfter.toISOString(),
      sha256: d.sha256,
      pem: o.certificatePem,
    },
  };
}

/** The DER of a PEM holding exactly one certificate, or a clear 4xx. */
export function certificateFromPem(pem: string): Buffer {
  const blocks = pemBlocks(pem, "CERTIFICATE");
  if (blocks.length !== 1 || !blocks[0]) {
    throw new MoharError("officer.bad_certificate", "certificatePem must hold exactly one PEM certificate");
  }
  describeCertificate(blocks[0]);
  return blocks[0];
}
