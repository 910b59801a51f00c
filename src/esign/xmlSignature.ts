import { X509Certificate } from "node:crypto";
import { DOMParser, type Element } from "@xmldom/xmldom";
import { SignedXml } from "xml-crypto";
import { MoharError } from "../errors.js";

const DSIG = "http://www.w3.org/2000/09/xmldsig#";
const EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#";
const ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";

/** The largest XML document mohar reads from an ESP or an ASP (a response with many PKCS#7 stays far below). */
export const MAX_XML_BYTES = 4 * 1024 * 1024;

/**
 * Signs `xml` with an enveloped XMLDSig over the whole document (Reference URI=""), RSA-SHA256 and
 * exclusive canonicalisation, the signer's certificate in KeyInfo: what the CCA eSign API asks of
 * an ASP's request and of an ESP's response.
 */
export function signEnveloped(xml: string, keyPem: string, certificatePem: string): string {
  const sig = new SignedXml({
    privateKey: keyPem,
    publicCert: certificatePem,
    signatureAlgorithm: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
    canonicalizationAlgorithm: EXC_C14N,
  });
  sig.addReference({ xpath: "/*", digestAlgorithm: "http://www.w3.org/2001/04/xmlenc#sha256", transforms: [ENVELOPED, EXC_C14N], isEmptyUri: true });
  sig.computeSignature(xml, { location: { reference: "/*", action: "append" } });
  return sig.getSignedXml();
}

/** Parses XML that came from outside (no DTD, so no entities; a size bound; errors as `code`) into its root element. */
export function parseXml(xml: string, code: "esign.bad_response" | "esign.bad_request", what: string): Element {
  if (Buffer.byteLength(xml) > MAX_XML_BYTES) throw new MoharError(code, `${what} is larger than ${MAX_XML_BYTES} bytes`);
  if (/<!DOCTYPE/i.test(xml)) throw new MoharError(code, `${what} carries a DOCTYPE, which eSign XML never does`);
  const problems: string[] = [];
  let doc;
  try {
    doc = new DOMParser({
      onError: (level, msg) => {
        if (level !== "warning") problems.push(msg);
      },
    }).parseFromString(xml, "text/xml");
  } catch (err) {
    throw new MoharError(code, `${what} is not well-formed XML: ${(err as Error).message.split("\n")[0]}`);
  }
  const root = doc.documentElement;
  if (problems.length > 0 || !root) throw new MoharError(code, `${what} is not well-formed XML: ${problems[0] ?? "no root element"}`);
  return root;
}

function signatureChildren(root: Element): Element[] {
  const out: Element[] = [];
  for (let n = root.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).localName === "Signature" && (n as Element).namespaceURI === DSIG) out.push(n as Element);
  }
  return out;
}

/**
 * Checks the enveloped signature of `xml` with `certificate` (never a certificate the document
 * brings along) and returns the document as it was signed: the one canonical form the signature
 * covers, parsed again, so that nothing outside the signed content (a wrapped second element, a
 * comment) can be read by the caller.
 */
export function verifyEnveloped(xml: string, certificate: X509Certificate, code: "esign.bad_response" | "esign.bad_request", what: string): Element {
  const root = parseXml(xml, code, what);
  const signatures = signatureChildren(root);
  if (signatures.length !== 1) throw new MoharError(code, `${what} must carry exactly one XML signature as a child of its root, found ${signatures.length}`);
  const verifier = new SignedXml({ publicCert: certificate.publicKey.export({ type: "spki", format: "pem" }).toString(), getCertFromKeyInfo: () => null });
  verifier.loadSignature(signatures[0] as unknown as Parameters<SignedXml["loadSignature"]>[0]);
  const refs = verifier.getReferences();
  if (refs.length !== 1 || (refs[0]?.uri ?? "") !== "") {
    throw new MoharError(code, `${what} must sign the whole document (one Reference with URI="")`);
  }
  let valid: boolean;
  try {
    valid = verifier.checkSignature(xml);
  } catch {
    valid = false;
  }
  if (!valid) throw new MoharError(code, `the XML signature of ${what} does not verify with the configured certificate (${certificate.subject.replace(/\n/g, ", ")})`);
  const [signed] = verifier.getSignedReferences();
  if (signed === undefined) throw new MoharError(code, `${what}: the signature covers nothing`);
  return parseXml(signed, code, what);
}
