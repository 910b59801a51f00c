import { readFile } from "node:fs/promises";
import { degrees, PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, StandardFonts } from "pdf-lib";
import { TEST_OFFICER_ID, type Role, type TestServer } from "../helpers/server.js";

export const DAY_MS = 86_400_000;
/** The file the tablet officer finds overdue on their desk (see fileWithHistory). */
export const FILE_NUMBER = "F.No. 3/7/2026-Estt.";

/** IST calendar date `days` from the real now. */
export const istDate = (days: number): string => new Date(Date.now() + 5.5 * 3_600_000 + days * DAY_MS).toISOString().slice(0, 10);

/** A JSON call (or a multipart upload) to the API as `as`; throws on anything but 2xx. */
export async function call<T>(srv: TestServer, as: Role, pathAndQuery: string, body?: unknown, form?: FormData): Promise<T> {
  const init: RequestInit = body !== undefined ? { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) } : form ? { method: "POST", body: form } : {};
  const res = await srv.request(pathAndQuery, { ...init, as });
  if (!res.ok) throw new Error(`${pathAndQuery}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Two A4 pages, the second with /Rotate 90, so the dragged box must be turned back into user space. */
export async function twoPagePdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const [i, rotate] of [0, 90].entries()) {
    const page = doc.addPage([595, 842]);
    page.setRotation(degrees(rotate));
    page.drawText(`Page ${i + 1} of the console test note`, { x: 60, y: 760, size: 18, font });
  }
  return Buffer.from(await doc.save());
}

export async function latestVersion(srv: TestServer, id: string): Promise<Buffer> {
  const doc = await call<{ versions: { n: number }[] }>(srv, "auditor", `/v1/documents/${id}`);
  return Buffer.from(await (await srv.request(`/v1/documents/${id}/versions/${doc.versions.length}/content`, { as: "auditor" })).arrayBuffer());
}

/** /Rect of the signature widget on `pageIndex` (0-based). */
export async function signatureRect(pdf: Buffer, pageIndex: number): Promise<number[]> {
  const doc = await PDFDocument.load(pdf);
  const annots = doc.getPage(pageIndex).node.lookup(PDFName.of("Annots"), PDFArray);
  for (let i = 0; i < annots.size(); i++) {
    const a = annots.lookup(i, PDFDict);
    if (a.get(PDFName.of("FT"))?.toString() === "/Sig") {
      return a.lookup(PDFName.of("Rect"), PDFArray).asArray().map((v) => (v as PDFNumber).asNumber());
    }
  }
  throw new Error("no signature widget on the page");
}

/**
 * A file with a history, made through the API on a clock set back (`setClock` moves the server's
 * clock for files, in ms from the real now): opened five days ago with the Hindi notesheet, sent to
 * the Estt-II section, taken there, and sent on to the officer a day and a half ago with yesterday
 * as its due date (so it is overdue now). Returns the notesheet's document id.
 */
export async function fileWithHistory(srv: TestServer, setClock: (ms: number) => void): Promise<string> {
  const form = new FormData();
  form.set("file", new Blob([await readFile("samples/notesheet-hi.pdf")], { type: "application/pdf" }), "notesheet-hi.pdf");
  form.set("title", "Notesheet: leave rules");
  form.set("fileNumber", FILE_NUMBER);
  form.set("kind", "notesheet");
  const notesheetId = (await call<{ id: string }>(srv, "clerk", "/v1/documents", undefined, form)).id;
  try {
    setClock(-5 * DAY_MS);
    const file = await call<{ id: string }>(srv, "clerk", "/v1/files", { fileNumber: FILE_NUMBER, subject: "वार्षिक अवकाश नियमों में संशोधन", office: "Collectorate Jaipur", section: "Estt-II" });
    await call(srv, "clerk", `/v1/files/${file.id}/documents`, { documentId: notesheetId });
    setClock(-3.4 * DAY_MS);
    await call(srv, "clerk", `/v1/files/${file.id}/movements`, { toSection: "Estt-II", remarks: "टिप्पणी हेतु" });
    setClock(-3 * DAY_MS);
    await call(srv, "clerk", `/v1/files/${file.id}/receive`, {});
    setClock(-1.5 * DAY_MS);
    await call(srv, "clerk", `/v1/files/${file.id}/movements`, { toOfficer: TEST_OFFICER_ID, remarks: "कृपया अनुमोदन करें", dueDate: istDate(-1) });
  } finally {
    setClock(0);
  }
  return notesheetId;
}
