import { MoharError } from "../../errors.js";
import type { PdfDict, PdfValue } from "../read/rawObjects.js";
import { PdfSyntaxError } from "../read/rawParser.js";
import { mergedTable, readChain } from "../read/revisions.js";
import { newObjectCache, RevisionObjects, type XrefLookup } from "../read/revisionObjects.js";
import { LazyXrefChain, XrefNeedsFullRead } from "../read/xrefChain.js";
import type { XrefSection } from "../read/xrefSection.js";
import { decodeStream, DecodeLimitError, MAX_DOCUMENT_DECODED, MAX_STREAM_DECODED, type StreamDecoder } from "../read/streamFilters.js";
import { findStartXrefKeyword, xrefBroken, xrefTailOf, type XrefTail } from "../read/xrefTail.js";

/** The newest revision of a PDF, read lazily for signing. */
export interface SigningDocument {
  bytes: Buffer;
  tail: XrefTail;
  /** The objects as a reader of the whole file sees them; each is parsed when first asked for. */
  objects: RevisionObjects;
  catalog: PdfDict;
  /** The first object number no cross-reference section uses (at least the trailer's /Size). */
  firstFree: number;
  /** Decodes streams under this document's decode bounds. */
  decode: StreamDecoder;
}

const decodeLimit = (why: string): MoharError =>
  new MoharError("pdf.decode_limit", `the PDF is refused: ${why} (a compression bomb, or far larger than any letter or notesheet)`);

/**
 * A stream decoder under the decode bounds (bytes produced): a stream over MAX_STREAM_DECODED, or
 * the document's streams together over MAX_DOCUMENT_DECODED, is refused (422 pdf.decode_limit).
 */
export function boundedDecoder(): StreamDecoder {
  let total = 0;
  return (dict, raw) => {
    let out: Buffer;
    try {
      out = decodeStream(dict, raw, MAX_STREAM_DECODED);
    } catch (e) {
      if (e instanceof DecodeLimitError) throw decodeLimit(`a stream decompresses to more than ${MAX_STREAM_DECODED / 1048576} MiB`);
      throw e;
    }
    total += out.length;
    if (total > MAX_DOCUMENT_DECODED) throw decodeLimit(`its streams decompress to more than ${MAX_DOCUMENT_DECODED / 1048576} MiB in all`);
    return out;
  };
}

/**
 * Opens a PDF for an incremental update without parsing it whole: the cross-reference chain from
 * the last startxref (exactly there: an update's /Prev must name the real section), then only the
 * objects the signer asks for. Signing cost then follows what the update touches (catalog, form,
 * one page, the /DSS), not the document's history of earlier signatures. The verifier reads
 * revisions the same way, so what is signed here is what it will find.
 *
 * By default the chain is read lazily (`LazyXrefChain`: trailers up front, a row when its object
 * is asked for); its objects' getters then throw `XrefNeedsFullRead` on anything unexpected, and
 * the caller opens the file again with `whole`, which reads and checks every section as the
 * verifier does (and refuses damaged ones: pdf.xref_broken).
 */
export function loadForSigning(pdf: Buffer, opts: { whole?: boolean } = {}): SigningDocument {
  const header = pdf.indexOf("%PDF-", 0, "latin1");
  if (header < 0 || header > 1024) {
    throw new MoharError("pdf.not_pdf", "the file is not a PDF: there is no %PDF- header in its first 1024 bytes");
  }
  const { at, offset } = findStartXrefKeyword(pdf);
  const decode = boundedDecoder();
  let sections: ReadonlyArray<Pick<XrefSection, "offset" | "kind" | "trailer">>;
  let table: XrefLookup;
  let listedEnd: number;
  try {
    if (opts.whole) {
      const chain = readChain(pdf, offset, at, new Map(), decode);
      const merged = mergedTable(chain);
      sections = chain;
      table = merged;
      listedEnd = 0;
      for (const [num, e] of merged) if (e.type !== "free" && num >= listedEnd) listedEnd = num + 1;
    } else {
      const chain = new LazyXrefChain(pdf, offset, at, decode);
      sections = chain.sections;
      table = chain;
      listedEnd = chain.listedEnd();
    }
  } catch (e) {
    if (e instanceof PdfSyntaxError) throw xrefBroken(e.message);
    throw e;
  }
  const newest = sections[0];
  if (!newest) throw xrefBroken("no cross-reference section");
  if (sections.some((s) => s.trailer.entries.has("Encrypt"))) {
    throw new MoharError(
      "pdf.encrypted",
      "the PDF is encrypted: mohar signs only unencrypted PDFs, since the revision a signature appends would have to encrypt its strings and streams with the document's key (ISO 32000 7.6), which mohar does not write; sign a copy without encryption (e.g. made by qpdf --decrypt)",
    );
  }
  const tail = xrefTailOf(newest);
  // New objects start at the trailer's /Size, unless a sloppy writer listed objects in use beyond
  // it. The lazy chain knows only which numbers sections list (free ones too, whole ranges): when
  // one lies beyond /Size, the chain is read whole to find the highest in use, as the verifier would.
  if (!opts.whole && listedEnd > tail.size) throw new XrefNeedsFullRead(`a section lists numbers beyond the trailer's /Size ${tail.size}`);
  const objects = new RevisionObjects(pdf, table, newObjectCache(), decode);
  const catalog = objects.get(tail.root.num);
  if (catalog?.value.kind !== "dict" || catalog.stream) throw new MoharError("pdf.no_catalog", "the PDF's /Root is not a dictionary");
  return { bytes: pdf, tail, objects, catalog: catalog.value, firstFree: Math.max(tail.size, listedEnd), decode };
}

/** What an entry names: the object a reference points at (not a stream), or the value itself. */
export function deref(objects: RevisionObjects, v: PdfValue | undefined): PdfValue | undefined {
  if (v?.kind !== "ref") return v;
  const o = objects.get(v.num);
  return o && !o.stream ? o.value : undefined;
}
