import { dictGet, type PdfValue } from "./rawObjects.js";
import type { Revision } from "./revisions.js";
import { decodeStream } from "./streamFilters.js";
import { PdfSyntaxError } from "./rawParser.js";

/** Validation data from the document security store (/DSS): DER certificates, CRLs, OCSP responses. */
export interface DssData {
  certs: Buffer[];
  crls: Buffer[];
  ocsps: Buffer[];
}

/** Reads the /DSS of a revision; unreadable streams are skipped (they simply do not count). */
export function readDss(rev: Revision): DssData {
  const o = rev.objects;
  const dss = o.resolve(dictGet(o.resolve(rev.trailer.entries.get("Root")), "DSS"));
  const streams = (key: string): Buffer[] => {
    const arr = o.resolve(dictGet(dss, key));
    if (arr?.kind !== "array") return [];
    return arr.items.flatMap((v: PdfValue) => {
      const obj = v.kind === "ref" ? o.get(v.num) : undefined;
      if (!obj?.stream || obj.value.kind !== "dict") return [];
      try {
        return [decodeStream(obj.value, obj.stream)];
      } catch (e) {
        if (e instanceof PdfSyntaxError) return [];
        throw e;
      }
    });
  };
  return { certs: streams("Certs"), crls: streams("CRLs"), ocsps: streams("OCSPs") };
}
