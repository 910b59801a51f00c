import { describeCertificate } from "../pki/index.js";

/** What a caller (and the version record) learns about a signature just made. */
export interface SignatureInfo {
  fieldName: string;
  signingTime: Date;
  officerId: string;
  certificate: { serialHex: string; subject: string; issuer: string; sha256: string };
  timestamped: boolean;
}

export function signatureInfo(opts: { fieldName: string; signingTime: Date; officerId: string; certificate: Buffer; timestamped: boolean }): SignatureInfo {
  const c = describeCertificate(opts.certificate);
  return {
    fieldName: opts.fieldName,
    signingTime: opts.signingTime,
    officerId: opts.officerId,
    certificate: { serialHex: c.serialHex, subject: c.subject, issuer: c.issuer, sha256: c.sha256 },
    timestamped: opts.timestamped,
  };
}
