import { MoharError } from "../errors.js";
import { embedSignatureInPlace, findSignatureFields, preparePdfSignature, readPdfStructure, type DssData, type PdfPreparer } from "../pdf/index.js";
import { parseCms, requestTimestamp, type LiveRevocation, type RevocationSource, type TsaObserver } from "../pki/index.js";

export interface DocumentTimestampInput {
  pdf: Buffer;
  /** The RFC 3161 TSA that stamps the document. */
  tsaUrl: string;
  /** DER of the TSA's certificate and issuers, when known: they and their CRLs go into the /DSS too. */
  tsaCertificates?: Buffer[];
  /** Known CRLs (CRL_DIR): those of every earlier signature's chain are added to the /DSS. */
  revocation?: RevocationSource;
  /** Live OCSP/CRL fetching: what the earlier signatures' chains' responders answer is added too. */
  liveRevocation?: LiveRevocation;
  observeTsa?: TsaObserver;
  /** Where the PDF is parsed and the update written (the service's worker pool); in this thread by default. */
  preparePdf?: PdfPreparer;
  /** When the validation data is gathered; defaults to now. */
  now?: Date;
}

export interface TimestampedDocument {
  pdf: Buffer;
  fieldName: string;
  /** How many earlier signatures and document timestamps the /DSS now carries validation data for. */
  covered: number;
}

/** DER of the certificates a signature's CMS carries, its signature timestamp's included. */
function certificatesOf(cms: Buffer): Buffer[][] {
  try {
    const parsed = parseCms(cms);
    const chains = [[parsed.signerCertificate, ...parsed.certificates.filter((c) => !c.equals(parsed.signerCertificate))]];
    if (parsed.timestampToken) chains.push(...certificatesOf(parsed.timestampToken));
    return chains;
  } catch {
    // An unreadable signature gains nothing from validation data; the verifier reports it.
    return [];
  }
}

function unique(ders: Buffer[]): Buffer[] {
  const seen = new Map<string, Buffer>();
  for (const d of ders) seen.set(d.toString("base64"), d);
  return [...seen.values()];
}

/**
 * The validation data of every signature and document timestamp already in the PDF: their
 * certificates (signer, issuers, signature timestamps' TSAs) with the CRLs CRL_DIR holds and what
 * live OCSP/CRL fetching answers, as the signing path gathers them.
 */
async function validationDataOfSignatures(input: DocumentTimestampInput, at: Date): Promise<{ dss: DssData; covered: number }> {
  const structure = readPdfStructure(input.pdf);
  const last = structure.revisions[structure.revisions.length - 1];
  if (!last) throw new MoharError("pdf.unreadable", "the PDF has no readable revision");
  const fields = findSignatureFields(last.objects, last.trailer.entries.get("Root")).filter((f) => f.signature?.contents);
  const chains = fields.flatMap((f) => certificatesOf(f.signature!.contents!.bytes));
  const tsa = input.tsaCertificates ?? [];
  if (tsa.length > 0) chains.push(tsa);
  const certs: Buffer[] = [];
  const crls: Buffer[] = [];
  const ocsps: Buffer[] = [];
  for (const chain of chains) {
    certs.push(...chain);
    if (input.revocation) crls.push(...input.revocation.revocationDataFor(chain, at).crls);
    if (input.liveRevocation) {
      const found = await input.liveRevocation.forChain(chain);
      crls.push(...found.crls.map((c) => c.der));
      ocsps.push(...found.ocsps.map((o) => o.der));
    }
  }
  return { dss: { certs: unique(certs), crls: unique(crls), ocsps: unique(ocsps) }, covered: fields.length };
}

/**
 * Adds a document timestamp (PAdES B-LTA) as an incremental update: the earlier signatures'
 * validation data in the /DSS, and a /DocTimeStamp field whose /Contents is the TSA's
 * TimeStampToken over the ByteRange digest, so the whole document, that data included, is proven
 * to exist while the certificates it relies on are valid. Earlier signatures stay untouched.
 */
export async function addDocumentTimestamp(input: DocumentTimestampInput): Promise<TimestampedDocument> {
  const at = input.now ?? new Date();
  const { dss, covered } = await validationDataOfSignatures(input, at);
  const prepared = await (input.preparePdf ?? preparePdfSignature)(input.pdf, { signingTime: at, docTimeStamp: true, dss });
  const token = await requestTimestamp(input.tsaUrl, prepared.contentDigest, { observe: input.observeTsa });
  return { pdf: embedSignatureInPlace(prepared, token), fieldName: prepared.fieldName, covered };
}
