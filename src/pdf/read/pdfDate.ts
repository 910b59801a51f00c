/** Indian Standard Time is UTC+05:30 all year (no daylight saving). */
const IST_OFFSET_MS = (5 * 60 + 30) * 60 * 1000;

const pad = (n: number, w = 2): string => String(n).padStart(w, "0");

function istParts(date: Date): { y: string; mo: string; d: string; h: string; mi: string; s: string } {
  const t = new Date(date.getTime() + IST_OFFSET_MS);
  return {
    y: pad(t.getUTCFullYear(), 4),
    mo: pad(t.getUTCMonth() + 1),
    d: pad(t.getUTCDate()),
    h: pad(t.getUTCHours()),
    mi: pad(t.getUTCMinutes()),
    s: pad(t.getUTCSeconds()),
  };
}

/** A PDF date string (ISO 32000-1 §7.9.4) in IST, e.g. D:20261123174005+05'30'. */
export function pdfDateIst(date: Date): string {
  const p = istParts(date);
  return `D:${p.y}${p.mo}${p.d}${p.h}${p.mi}${p.s}+05'30'`;
}

/** The date as officers read it on a signature block, e.g. 2026-11-23 17:40:05 IST. */
export function displayDateIst(date: Date): string {
  const p = istParts(date);
  return `${p.y}-${p.mo}-${p.d} ${p.h}:${p.mi}:${p.s} IST`;
}

/** Parses a PDF date string `D:YYYYMMDDHHmmSSOHH'mm'` (most parts optional); undefined if invalid. */
export function parsePdfDate(s: string | undefined): Date | undefined {
  const m = s ? /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?'?$/.exec(s.trim()) : null;
  if (!m) return undefined;
  const [, y, mo = "01", d = "01", h = "00", mi = "00", se = "00", sign, oh = "00", om = "00"] = m;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se));
  const offset = (Number(oh) * 60 + Number(om)) * 60_000;
  const t = sign === "+" ? utc - offset : sign === "-" ? utc + offset : utc;
  return Number.isFinite(t) ? new Date(t) : undefined;
}
