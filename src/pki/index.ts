export { generateDevPki, type DevPkiResult, type OfficerSeed } from "./devPki.js";
export { decodePkcs12, encodePkcs12, type Pkcs12Contents } from "./pkcs12.js";
export { certificateToPem, pemBlocks, toPem } from "./pem.js";
