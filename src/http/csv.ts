import type { Request, Response } from "express";

/** RFC 4180 field: quoted when it holds a comma, quote or line break; a leading =+-@ is defused for spreadsheets. */
function field(value: unknown): string {
  let s = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(s) && typeof value === "string") s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv<T extends object>(columns: (keyof T & string)[], rows: T[]): string {
  const lines = [columns.join(",")];
  for (const row of rows) lines.push(columns.map((c) => field(row[c])).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

/** CSV when asked (?format=csv or Accept: text/csv), else JSON. */
export function wantsCsv(req: Request): boolean {
  if (req.query.format === "csv") return true;
  if (req.query.format === "json") return false;
  return req.accepts(["application/json", "text/csv"]) === "text/csv";
}

export function sendCsv(res: Response, filename: string, body: string): void {
  // UTF-8 with a BOM, so spreadsheet programs show Devanagari office names as written.
  res.type("text/csv; charset=utf-8").set("Content-Disposition", `attachment; filename="${filename}"`).send(`\uFEFF${body}`);
}
