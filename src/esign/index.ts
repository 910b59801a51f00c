export { EsignService, type AnswerHooks, type EsignSettings, type StartDocument, type StartInput, type StartedTransaction, type TransactionStatus } from "./esignService.js";
export { acceptEsignCertificate, esignIdentitySchema, type EsignIdentity } from "./esignIdentity.js";
export { DevEsp, DEV_OTP, type DevEspOptions, type DevEspStep } from "./devEsp.js";
export { addResidents, DEV_ASP_ID, devEsignIdentity, devEspFiles, devUidToken, generateDevEsp, type DevResident } from "./devEspPki.js";
export { esignRequestXml, esignResponseXml, esignTimestamp, readEsignRequest, readEsignResponse, type EsignRequest, type EsignResponse, type InputHash } from "./esignXml.js";
export type { DocumentOutcome, EsignTransaction, TransactionDocument, TransactionResult } from "./transactionStore.js";
export { MAX_XML_BYTES, parseXml, signEnveloped, verifyEnveloped } from "./xmlSignature.js";
