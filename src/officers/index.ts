export { importOfficer, OfficerRegistry, type SeedResult } from "./registry.js";
export { certificateFromPem } from "./officer.js";
export { OfficerKeyStore, loadOfficerKey } from "./officerKeyStore.js";
export type { OfficerKeyConfig } from "./keyConfig.js";
export type { Officer, OfficerKeyRef, PublicOfficer } from "./officer.js";
