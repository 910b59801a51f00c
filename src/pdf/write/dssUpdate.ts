import { deflateSync } from "node:zlib";
import type { DssData } from "../read/dssData.js";
import { deref } from "./loadForSigning.js";
import type { ObjectChanges } from "./objectChanges.js";
import type { PdfDict, PdfRef, PdfValue } from "../read/rawObjects.js";
import { PdfSyntaxError } from "../read/rawParser.js";
import { serializeValue } from "./rawWriter.js";
import type { RevisionObjects } from "../read/revisionObjects.js";
import type { StreamDecoder } from "../read/streamFilters.js";

const KEYS = [
  ["Certs", "certs"],
  ["CRLs", "crls"],
  ["OCSPs", "ocsps"],
] as const;

/** The decoded bytes of a DSS entry, or undefined when it cannot be read (it is then kept, never matched). */
function decoded(objects: RevisionObjects, decode: StreamDecoder, entry: PdfValue): Buffer | undefined {
  const stream = entry.kind === "ref" ? objects.get(entry.num) : undefined;
  if (!stream?.stream || stream.value.kind !== "dict") return undefined;
  try {
    return decode(stream.value, stream.stream);
  } catch (e) {
    if (e instanceof PdfSyntaxError) return undefined;
    throw e;
  }
}

/** Below this, deflating a DER object saves a few hundred bytes and costs more than the signature. */
const DEFLATE_FROM_BYTES = 4096;

/** A /DSS stream: large ones (real CRLs) deflated, small ones (certificates, short CRLs) stored as they are. */
function dssStream(der: Buffer): Buffer {
  const deflate = der.length >= DEFLATE_FROM_BYTES;
  const data = deflate ? deflateSync(der) : der;
  return Buffer.concat([
    Buffer.from(`<< /Length ${data.length}${deflate ? " /Filter /FlateDecode" : ""} >>\nstream\n`, "latin1"),
    data,
    Buffer.from("\nendstream", "latin1"),
  ]);
}

/**
 * Adds certificates, CRLs and OCSP responses to the document security store (/DSS, ISO 32000-2
 * §12.8.4.3) as new streams, in the update that carries the signature, so the signature covers
 * them. An existing /DSS is extended, never pruned; data it already holds is not added twice.
 * Rewrites only what changed: an indirect array, the /DSS object, or the catalog when the /DSS is
 * inline or new.
 */
export function addToDss(objects: RevisionObjects, decode: StreamDecoder, changes: ObjectChanges, catalogRef: PdfRef, catalog: PdfDict, add: DssData): void {
  const entry = catalog.entries.get("DSS");
  const found = deref(objects, entry);
  const dss: PdfDict = found?.kind === "dict" ? found : { kind: "dict", entries: new Map([["Type", { kind: "name", value: "DSS" }]]) };
  let dssChanged = false;
  for (const [key, field] of KEYS) {
    const arrayEntry = dss.entries.get(key);
    const array = deref(objects, arrayEntry);
    // A few entries each (the chain's certificates and CRLs): compared byte for byte, no text made of them.
    const have: Buffer[] = [];
    if (array?.kind === "array") {
      for (const e of array.items) {
        const held = decoded(objects, decode, e);
        if (held) have.push(held);
      }
    }
    const fresh = add[field].filter((der) => {
      if (have.some((h) => h.length === der.length && h.equals(der))) return false;
      have.push(der);
      return true;
    });
    if (fresh.length === 0) continue;
    const refs = fresh.map((der) => changes.add(dssStream(der)));
    if (array?.kind === "array") {
      array.items.push(...refs);
      if (arrayEntry?.kind === "ref") changes.rewrite(arrayEntry, array);
      else dssChanged = true;
    } else {
      dss.entries.set(key, { kind: "array", items: refs });
      dssChanged = true;
    }
  }
  if (!dssChanged) return;
  if (entry?.kind === "ref" && found?.kind === "dict") {
    changes.rewrite(entry, dss);
  } else if (found?.kind === "dict") {
    changes.rewrite(catalogRef, catalog);
  } else {
    catalog.entries.set("DSS", changes.add(serializeValue(dss)));
    changes.rewrite(catalogRef, catalog);
  }
}
