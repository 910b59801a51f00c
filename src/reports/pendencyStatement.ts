import { MoharError } from "../errors.js";
import { istDate, type FileQueries, type PendencyRow } from "../files/index.js";
import { writeTablePdf } from "../pdf/index.js";

/** What signing a statement gives back: the signed PDF and a description of its signature. */
export interface SignedStatement<S> {
  pdf: Buffer;
  signature: S;
}

export interface StatementRequest {
  /** One office, or every office when absent. */
  office?: string;
  /** The moment the statement describes. */
  asOf: Date;
  /** Who asked for it (the actor id), printed on it. */
  requestedBy: string;
  /** The officer whose key signs it (the requester's own, or the office seal's). */
  signerOfficerId: string;
  /** The file number the statement is filed under; by default "PENDENCY/<office>/<date>". */
  fileNumber?: string;
}

export interface StatementDependencies<S, D> {
  queries: Pick<FileQueries, "pendency">;
  /** Signs a PDF with a key mohar holds for the officer (PAdES, as every signature mohar makes). */
  sign(pdf: Buffer, officerId: string, reason: string): Promise<SignedStatement<S>>;
  /** Stores the signed statement as a new document, with its audit entry; returns what was stored. */
  store(statement: { pdf: Buffer; title: string; fileNumber: string; signature: S }): Promise<D>;
  now?: () => Date;
}

const HOLDER_KIND_HI: Record<PendencyRow["holderKind"], string> = { officer: "अधिकारी", section: "अनुभाग", user: "उपयोगकर्ता" };
const MAX_OFFICE = 150;

/** The date and time of an instant in IST, as the offices write it: 2026-12-05 17:30 IST. */
function istDateTime(at: Date): string {
  const t = new Date(at.getTime() + 5.5 * 3_600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 16)} IST`;
}

/**
 * The weekly arrear (pendency) statement as a PDF in Hindi and English: per holder, files pending,
 * overdue, pending over 7 days and the median days held, with totals; the same numbers as the
 * JSON and CSV statement, from the same query.
 */
export async function pendencyStatementPdf(rows: PendencyRow[], request: Pick<StatementRequest, "office" | "asOf" | "requestedBy">, madeAt: Date): Promise<{ pdf: Buffer; title: string }> {
  const office = request.office ?? "सभी कार्यालय / all offices";
  const title = `साप्ताहिक बकाया विवरण / Weekly arrear statement — ${office}`;
  const total = (k: "pending" | "overdue" | "pendingOver7Days") => String(rows.reduce((n, r) => n + r[k], 0));
  const pdf = await writeTablePdf({
    title: "साप्ताहिक बकाया विवरण / Weekly arrear statement",
    heading: [
      `कार्यालय / Office: ${office}`,
      `दिनांक / As of: ${istDateTime(request.asOf)}`,
      `बनाया / Made: ${istDateTime(madeAt)}, ${request.requestedBy} के अनुरोध पर / at the request of ${request.requestedBy}`,
    ],
    columns: [
      ...(request.office ? [] : [{ label: ["कार्यालय", "Office"], width: 110, align: "left" as const }]),
      { label: ["धारक", "Holder"], width: request.office ? 215 : 125, align: "left" },
      { label: ["लंबित", "Pending"], width: 65, align: "right" },
      { label: ["समय-सीमा पार", "Overdue"], width: 75, align: "right" },
      { label: ["7 दिन से अधिक", "> 7 days"], width: 75, align: "right" },
      { label: ["माध्यिका दिन", "Median days held"], width: 85, align: "right" },
    ],
    rows: rows.map((r) => [
      ...(request.office ? [] : [r.office]),
      `${r.holderId} (${HOLDER_KIND_HI[r.holderKind]})`,
      String(r.pending),
      String(r.overdue),
      String(r.pendingOver7Days),
      r.medianDaysHeld.toFixed(1),
    ]),
    totals: [...(request.office ? [] : [""]), "कुल / Total", total("pending"), total("overdue"), total("pendingOver7Days"), ""],
    footer: "mohar — डिजिटल हस्ताक्षरित / digitally signed",
    pageLabel: (i, n) => `पृष्ठ / page ${i} / ${n}`,
    lang: "hi-IN",
    createdAt: madeAt,
  });
  return { pdf, title };
}

/**
 * Issues the weekly statement as a signed document that can be filed: the statement of `office` at
 * `asOf`, signed with the officer's (or the office seal's) key, stored as a new document.
 */
export async function issuePendencyStatement<S, D>(deps: StatementDependencies<S, D>, request: StatementRequest): Promise<D> {
  if (request.office !== undefined && (request.office.trim() === "" || request.office.length > MAX_OFFICE)) {
    throw new MoharError("report.bad_office", `office must be 1 to ${MAX_OFFICE} characters`);
  }
  const madeAt = (deps.now ?? (() => new Date()))();
  const rows = await deps.queries.pendency(request.office, request.asOf);
  const { pdf, title } = await pendencyStatementPdf(rows, request, madeAt);
  const date = istDate(request.asOf);
  const signed = await deps.sign(pdf, request.signerOfficerId, `साप्ताहिक बकाया विवरण ${date} / Weekly arrear statement ${date}`);
  const fileNumber = request.fileNumber ?? `PENDENCY/${request.office ?? "ALL"}/${date}`;
  return deps.store({ pdf: signed.pdf, title: `${title} (${date})`, fileNumber, signature: signed.signature });
}
