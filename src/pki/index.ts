export { generateDevPki, type DevPkiResult, type OfficerSeed } from "./devPki.js";
export { decodePkcs12, encodePkcs12, type Pkcs12Contents } from "./pkcs12.js";
export { certificateToPem, pemBlocks, toPem } from "./pem.js";
export { keyAlgorithmOf, type KeyAlgorithm, type KeyStore, type SigningKey } from "./signingKey.js";
export { P12KeyStore, signingKeyFromKeyObject, signingKeyFromP12, type P12Location } from "./p12KeyStore.js";
export { Pkcs11KeyStore, type Pkcs11Location, type Pkcs11Options } from "./pkcs11KeyStore.js";
export { rawEcdsaToDer } from "./ecdsaSignature.js";
