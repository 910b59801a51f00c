// The development PKI and TSA, and issuing certificates and CRLs: for development modules and tests
// only (test/unit/architecture.test.ts keeps production imports away from this door).
export { generateDevPki, type DevPkiResult, type OfficerSeed } from "./devPki.js";
export { issueCertificate, type CertificateSpec } from "./certificateBuilder.js";
export { issueCrl } from "./crlBuilder.js";
export { createDevTsa, type DevTsa } from "./devTsa.js";
