/** What the registry and the keystore need to open officers' keys. */
export interface OfficerKeyConfig {
  /** Password of the PKCS#12 files. */
  keyPassword: () => string;
  /** Where the PKCS#12 files of officers registered over HTTP are, by name (OFFICER_KEY_DIR). */
  keyDir: string;
  /** The PKCS#11 module and PIN, when tokens are in use. */
  pkcs11: { module: string; pin: () => string } | null;
}
