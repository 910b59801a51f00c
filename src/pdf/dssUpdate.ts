import { deflateSync } from "node:zlib";
import { decodePDFRawStream, PDFArray, PDFDict, PDFName, PDFRawStream, PDFRef, type PDFContext } from "pdf-lib";
import type { DssData } from "./dssData.js";
import type { ObjectChanges } from "./objectChanges.js";

const KEYS = [
  ["Certs", "certs"],
  ["CRLs", "crls"],
  ["OCSPs", "ocsps"],
] as const;

/** The decoded bytes of a DSS entry, or null when it cannot be read (it is then kept, never matched). */
function decoded(context: PDFContext, entry: unknown): string | null {
  const stream = entry instanceof PDFRef ? context.lookup(entry) : entry;
  if (!(stream instanceof PDFRawStream)) return null;
  try {
    return Buffer.from(decodePDFRawStream(stream).decode()).toString("base64");
  } catch {
    return null;
  }
}

/** Below this, deflating a DER object saves a few hundred bytes and costs more than the signature. */
const DEFLATE_FROM_BYTES = 4096;

/**
 * A /DSS stream: large ones (real CRLs) deflated with Node's zlib (pdf-lib's pako is several times
 * slower), small ones (certificates, short CRLs) stored as they are.
 */
function dssStream(context: PDFContext, der: Buffer): PDFRawStream {
  return der.length < DEFLATE_FROM_BYTES ? context.stream(der) : context.stream(deflateSync(der), { Filter: "FlateDecode" });
}

/**
 * Adds certificates, CRLs and OCSP responses to the document security store (/DSS, ISO 32000-2
 * §12.8.4.3) as new streams, in the update that carries the signature, so the signature covers
 * them. An existing /DSS is extended, never pruned; data it already holds is not added twice.
 * Rewrites only what changed: an indirect array, the /DSS object, or the catalog when the /DSS is
 * inline or new.
 */
export function addToDss(context: PDFContext, changes: ObjectChanges, catalogRef: PDFRef, catalog: PDFDict, add: DssData): void {
  const entry = catalog.get(PDFName.of("DSS"));
  const found = entry instanceof PDFRef ? context.lookup(entry) : entry;
  const dss = found instanceof PDFDict ? found : context.obj({ Type: "DSS" });
  let dssChanged = false;
  for (const [key, field] of KEYS) {
    const arrayEntry = dss.get(PDFName.of(key));
    const array = arrayEntry instanceof PDFRef ? context.lookup(arrayEntry) : arrayEntry;
    const have = new Set(array instanceof PDFArray ? array.asArray().map((e) => decoded(context, e)) : []);
    const fresh = add[field].filter((der) => {
      const k = der.toString("base64");
      if (have.has(k)) return false;
      have.add(k);
      return true;
    });
    if (fresh.length === 0) continue;
    const refs = fresh.map((der) => changes.add(dssStream(context, der)));
    if (array instanceof PDFArray) {
      refs.forEach((r) => array.push(r));
      if (arrayEntry instanceof PDFRef) changes.touch(arrayEntry);
      else dssChanged = true;
    } else {
      dss.set(PDFName.of(key), context.obj(refs));
      dssChanged = true;
    }
  }
  if (!dssChanged) return;
  if (entry instanceof PDFRef && found instanceof PDFDict) {
    changes.touch(entry);
  } else if (found instanceof PDFDict) {
    changes.touch(catalogRef);
  } else {
    catalog.set(PDFName.of("DSS"), changes.add(dss));
    changes.touch(catalogRef);
  }
}
