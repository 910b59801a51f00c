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
