import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from "node:crypto";
import forge from "node-forge";
import { MoharError } from "../../errors.js";

const { asn1, pki, pkcs12 } = forge;

function der(a: forge.asn1.Asn1): string {
  return asn1.toDer(a).getBytes();
}
function seq(items: forge.asn1.Asn1[]): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, items);
}
function set(items: forge.asn1.Asn1[]): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, items);
}
function objectId(id: string): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(id).getBytes());
}
function octets(bytes: string): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, bytes);
}
function explicit0(inner: forge.asn1.Asn1): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [inner]);
}
function dataContentInfo(content: forge.asn1.Asn1): forge.asn1.Asn1 {
  return seq([objectId(pki.oids.data), explicit0(octets(der(content)))]);
}

/**
 * Writes a PKCS#12 file holding a private key (any algorithm, given as PKCS#8 DER) and its
 * certificate chain. node-forge's own writer only takes RSA keys, so the PFX is assembled here
 * from forge's primitives: the key is shrouded with PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC),
 * the certificates are in a plain SafeContents, and the whole is MACed (HMAC-SHA1, the variant
 * every reader accepts), which `openssl pkcs12` reads without the legacy provider.
 */
export function encodePkcs12(opts: { privateKeyPkcs8: Buffer; certificates: Buffer[]; password: string; friendlyName?: string }): Buffer {
  const [leaf] = opts.certificates;
  if (!leaf) throw new Error("a PKCS#12 file needs at least the certificate of the key");
  const localKeyId = forge.md.sha1.create().update(leaf.toString("binary")).digest().getBytes();
  const attrs: forge.asn1.Asn1[] = [seq([objectId(pki.oids.localKeyId), set([octets(localKeyId)])])];
  if (opts.friendlyName) {
    attrs.push(
      seq([
        objectId(pki.oids.friendlyName),
        set([asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BMPSTRING, false, opts.friendlyName)]),
      ]),
    );
  }

  const certBags = opts.certificates.map((c, i) => {
    const certBag = seq([objectId(pki.oids.x509Certificate), explicit0(octets(c.toString("binary")))]);
    const bag = [objectId(pki.oids.certBag), explicit0(certBag)];
    if (i === 0) bag.push(set(attrs));
    return seq(bag);
  });

  const keyInfo = asn1.fromDer(opts.privateKeyPkcs8.toString("binary"));
  const shrouded = pki.encryptPrivateKeyInfo(keyInfo, opts.password, {
    algorithm: "aes256",
    prfAlgorithm: "sha256",
    count: 10000,
    saltSize: 16,
  } as Parameters<typeof pki.encryptPrivateKeyInfo>[2]);
  const keyBag = seq([objectId(pki.oids.pkcs8ShroudedKeyBag), explicit0(shrouded), set(attrs)]);

  const authSafe = seq([dataContentInfo(seq(certBags)), dataContentInfo(seq([keyBag]))]);

  const macSalt = forge.random.getBytesSync(16);
  const iterations = 10000;
  const macKey = pkcs12.generateKey(opts.password, forge.util.createBuffer(macSalt), 3, iterations, 20);
  const hmac = forge.hmac.create();
  hmac.start(forge.md.sha1.create(), macKey);
  hmac.update(der(authSafe));
  const macData = seq([
    seq([seq([objectId(pki.oids.sha1), asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, "")]), octets(hmac.digest().getBytes())]),
    octets(macSalt),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(iterations).getBytes()),
  ]);

  const pfx = seq([
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(3).getBytes()),
    dataContentInfo(authSafe),
    macData,
  ]);
  return Buffer.from(der(pfx), "binary");
}

export interface Pkcs12Contents {
  privateKey: KeyObject;
  /** DER of the certificate that belongs to the key. */
  certificate: Buffer;
  /** DER of the other certificates in the file, issuer first. */
  chain: Buffer[];
}

/**
 * The DER of a certificate forge has parsed. forge keeps the TBSCertificate as read but
 * rebuilds the outer signature AlgorithmIdentifier (always with NULL parameters for RSA);
 * X.509 requires that to equal the TBS copy, so the TBS copy is used and the bytes come out
 * as they were in the file.
 */
function certificateDer(cert: forge.pki.Certificate): Buffer {
  const tbs = (cert as forge.pki.Certificate & { tbsCertificate: forge.asn1.Asn1 }).tbsCertificate;
  const fields = tbs.value as forge.asn1.Asn1[];
  const hasVersion = fields[0]?.tagClass === asn1.Class.CONTEXT_SPECIFIC;
  const signatureAlgorithm = fields[hasVersion ? 2 : 1];
  if (!signatureAlgorithm) return Buffer.from(der(pki.certificateToAsn1(cert)), "binary");
  const outer = seq([
    tbs,
    signatureAlgorithm,
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BITSTRING, false, String.fromCharCode(0) + (cert.signature as string)),
  ]);
  return Buffer.from(der(outer), "binary");
}

function bagBytes(bag: forge.pkcs12.Bag): Buffer | null {
  if (bag.cert) return certificateDer(bag.cert);
  if (bag.asn1) return Buffer.from(der(bag.asn1), "binary");
  return null;
}

/** The issuers of `leaf` found among `others`, nearest first; certificates off the path come last. */
function orderChain(leaf: Buffer, others: Buffer[]): Buffer[] {
  const ordered: Buffer[] = [];
  const rest = [...others];
  let current = new X509Certificate(leaf);
  for (;;) {
    const i = rest.findIndex((c) => current.checkIssued(new X509Certificate(c)));
    const found = i >= 0 ? rest.splice(i, 1)[0] : undefined;
    if (!found) break;
    ordered.push(found);
    current = new X509Certificate(found);
  }
  return [...ordered, ...rest];
}

/**
 * Opens a PKCS#12 file. The private key ends up as a Node KeyObject so that every signature is
 * made by Node's native crypto; forge only decrypts the container. `source` names the file in
 * error messages ("the key file of officer X"); the password never appears in them.
 */
export function decodePkcs12(p12: Buffer, password: string, source: string): Pkcs12Contents {
  let parsed: forge.pkcs12.Pkcs12Pfx;
  try {
    parsed = pkcs12.pkcs12FromAsn1(asn1.fromDer(p12.toString("binary")), true, password);
  } catch (err) {
    const message = err instanceof Error ? err.message : "";
    if (/password|mac|decrypt/i.test(message)) {
      throw new MoharError("key.bad_password", `${source} cannot be opened with the password provided`);
    }
    throw new MoharError("key.bad_file", `${source} is not a readable PKCS#12 file`, { cause: err });
  }

  const keyBags = [
    ...(parsed.getBags({ bagType: pki.oids.pkcs8ShroudedKeyBag })[pki.oids.pkcs8ShroudedKeyBag] ?? []),
    ...(parsed.getBags({ bagType: pki.oids.keyBag })[pki.oids.keyBag] ?? []),
  ];
  const keyBag = keyBags[0];
  if (!keyBag) throw new MoharError("key.bad_file", `${source} holds no private key`);
  const keyDer = keyBag.key ? Buffer.from(der(pki.wrapRsaPrivateKey(pki.privateKeyToAsn1(keyBag.key))), "binary") : bagBytes(keyBag);
  if (!keyDer) throw new MoharError("key.bad_file", `${source} holds no usable private key`);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: keyDer, format: "der", type: "pkcs8" });
  } catch (err) {
    throw new MoharError("key.bad_file", `${source} holds a private key that cannot be read`, { cause: err });
  }

  const certBags = parsed.getBags({ bagType: pki.oids.certBag })[pki.oids.certBag] ?? [];
  const certs = certBags.map(bagBytes).filter((c): c is Buffer => c !== null);
  const publicKey = createPublicKey(privateKey).export({ type: "spki", format: "der" });
  const leaf = certs.find((c) => new X509Certificate(c).publicKey.export({ type: "spki", format: "der" }).equals(publicKey));
  if (!leaf) throw new MoharError("key.bad_file", `${source} holds no certificate for its private key`);
  return { privateKey, certificate: leaf, chain: orderChain(leaf, certs.filter((c) => c !== leaf)) };
}
