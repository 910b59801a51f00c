import { webcrypto } from "node:crypto";
import * as pkijs from "pkijs";

type EngineCrypto = ConstructorParameters<typeof pkijs.CryptoEngine>[0]["crypto"];

/**
 * pkijs bound explicitly to Node's WebCrypto, passed to every pkijs call that hashes, signs or
 * verifies, instead of relying on pkijs' process-wide engine setting.
 */
export const pkiEngine = new pkijs.CryptoEngine({ name: "node", crypto: webcrypto as unknown as EngineCrypto });
