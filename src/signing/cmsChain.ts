import type { DssData } from "../pdf/index.js";
import { x509Once, type SigningKey } from "../pki/index.js";

const roots = new WeakMap<Buffer, boolean>();

/**
 * A root: a certificate that names itself as issuer and whose own key verifies its signature
 * (remembered per DER object: a key's chain is asked at every signature). One that cannot be
 * parsed or checked (an algorithm Node does not verify, say) is not a root: it stays in the CMS,
 * and signing goes on as before this trimming.
 */
function selfSigned(der: Buffer): boolean {
  let root = roots.get(der);
  if (root === undefined) {
    try {
      const c = x509Once(der);
      root = c.subject === c.issuer && c.verify(c.publicKey);
    } catch {
      root = false;
    }
    roots.set(der, root);
  }
  return root;
}

/**
 * The issuing certificates a signature's CMS carries (#16): the chain less a self-signed root that
 * the /DSS written in the same update holds. A validator takes a root from its own trust anchors,
 * never from the signature (RFC 5652 5.1 asks for no certificate in particular; PAdES B-B wants
 * the signer's certificate, which stays), and one that wants to show an untrusted root finds it in
 * the /DSS, which the signature covers. The development root left out is about 1.3 KB of DER, 2.6 KB as
 * hex (other roots differ in size), that each later signature on the file would hash and copy again. Without that /DSS (no
 * revocation source: B-B, B-T) the chain goes in whole.
 */
export function chainForCms(chain: Buffer[], dss: DssData | undefined): Buffer[] {
  if (!dss) return chain;
  const kept = chain.filter((c) => !(dss.certs.some((d) => d.equals(c)) && selfSigned(c)));
  return kept.length === chain.length ? chain : kept;
}

const withoutRoots = new WeakMap<SigningKey, { chain: Buffer[]; key: SigningKey }>();

/**
 * `key` with the chain chainForCms keeps, the same object whenever the chain is the same (the
 * placeholder size is measured once per key object: contentsSize.ts).
 */
export function keyForCms(key: SigningKey, dss: DssData | undefined): SigningKey {
  const chain = chainForCms(key.chain, dss);
  if (chain === key.chain) return key;
  const known = withoutRoots.get(key);
  if (known && known.chain.length === chain.length && known.chain.every((c, i) => c === chain[i])) return known.key;
  const trimmed: SigningKey = { ...key, chain, sign: (data) => key.sign(data) };
  withoutRoots.set(key, { chain, key: trimmed });
  return trimmed;
}
