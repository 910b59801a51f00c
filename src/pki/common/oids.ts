/** Object identifiers used by the PKI and CMS code, named once. */
export const oid = {
  // Name attributes
  commonName: "2.5.4.3",
  serialNumber: "2.5.4.5",
  country: "2.5.4.6",
  locality: "2.5.4.7",
  state: "2.5.4.8",
  organization: "2.5.4.10",
  organizationalUnit: "2.5.4.11",
  title: "2.5.4.12",
  postalCode: "2.5.4.17",
  pseudonym: "2.5.4.65",
  // Extensions
  subjectKeyIdentifier: "2.5.29.14",
  keyUsage: "2.5.29.15",
  basicConstraints: "2.5.29.19",
  certificatePolicies: "2.5.29.32",
  authorityKeyIdentifier: "2.5.29.35",
  extKeyUsage: "2.5.29.37",
  cRLNumber: "2.5.29.20",
  cRLReason: "2.5.29.21",
  // Extended key usages
  anyExtendedKeyUsage: "2.5.29.37.0",
  clientAuth: "1.3.6.1.5.5.7.3.2",
  emailProtection: "1.3.6.1.5.5.7.3.4",
  timeStamping: "1.3.6.1.5.5.7.3.8",
  documentSigning: "1.3.6.1.5.5.7.3.36",
  msDocumentSigning: "1.3.6.1.4.1.311.10.3.12",
  adobeAuthenticDocuments: "1.2.840.113583.1.1.5",
  // Policies
  userNoticeQualifier: "1.3.6.1.5.5.7.2.2",
  /** CCA India Class 3 certificate policy; the dev PKI borrows it, marked as development. */
  ccaIndiaClass3: "2.16.356.100.2.3",
  devTsaPolicy: "1.3.6.1.4.1.55555.1.1",
  // Algorithms
  sha256: "2.16.840.1.101.3.4.2.1",
  rsaEncryption: "1.2.840.113549.1.1.1",
  sha256WithRSAEncryption: "1.2.840.113549.1.1.11",
  ecdsaWithSHA256: "1.2.840.10045.4.3.2",
  // CMS
  data: "1.2.840.113549.1.7.1",
  signedData: "1.2.840.113549.1.7.2",
  tstInfo: "1.2.840.113549.1.9.16.1.4",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
  signatureTimeStampToken: "1.2.840.113549.1.9.16.2.14",
} as const;
