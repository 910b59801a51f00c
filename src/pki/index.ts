export { verifyCms, type CmsVerification } from "./cmsVerify.js";
export { validateChain, type ChainValidation } from "./chainValidation.js";
export { verifyTimestampToken, type TimestampVerification } from "./timestampVerify.js";
export { checkRevocation, type RevocationCheck, type RevocationData, type RevocationStatus } from "./revocation.js";
export { certificateFacts, type CertificateFacts } from "./certificateFacts.js";
