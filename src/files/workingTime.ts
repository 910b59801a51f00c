/**
 * Working time as the offices count it: weekdays 10:00-18:00 IST (UTC+05:30, no daylight
 * saving), minus gazetted holidays. Pure: the holiday list is passed in.
 */
const IST_OFFSET_MS = (5 * 60 + 30) * 60_000;
const DAY_MS = 86_400_000;
const OPEN_MS = 10 * 3_600_000;
const CLOSE_MS = 18 * 3_600_000;

/** The IST calendar date (YYYY-MM-DD) of an instant. */
export function istDate(at: Date): string {
  return new Date(at.getTime() + IST_OFFSET_MS).toISOString().slice(0, 10);
}

/** Milliseconds of working time in [from, to); 0 when to is not after from. */
export function workingMs(from: Date, to: Date, holidays: ReadonlySet<string>): number {
  const start = from.getTime() + IST_OFFSET_MS;
  const end = to.getTime() + IST_OFFSET_MS;
  let total = 0;
  // Walk the IST days the interval touches; a year is 365 steps, cheap next to a database read.
  for (let day = Math.floor(start / DAY_MS) * DAY_MS; day < end; day += DAY_MS) {
    const weekday = new Date(day).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    if (holidays.has(new Date(day).toISOString().slice(0, 10))) continue;
    const open = Math.max(start, day + OPEN_MS);
    const close = Math.min(end, day + CLOSE_MS);
    if (close > open) total += close - open;
  }
  return total;
}

/** Parses a holiday list: one YYYY-MM-DD per line; text after the date and '#' lines are comments. */
export function parseHolidays(text: string): Set<string> {
  const days = new Set<string>();
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const m = /^(\d{4}-\d{2}-\d{2})\b/.exec(line);
    if (!m || Number.isNaN(Date.parse(`${m[1]}T00:00:00Z`))) throw new Error(`holiday list line ${i + 1}: expected a date YYYY-MM-DD, got ${JSON.stringify(line)}`);
    days.add(m[1] as string);
  }
  return days;
}
