import { describe, expect, it } from "vitest";
import { istDate, parseHolidays, workingMs } from "../../src/files/index.js";

const HOUR = 3_600_000;
// 2026-01-05 is a Monday; 10:00 IST is 04:30 UTC.
const ist = (date: string, time: string) => new Date(`${date}T${time}+05:30`);

describe("working time", () => {
  it("counts weekdays 10:00-18:00 IST only", () => {
    expect(workingMs(ist("2026-01-05", "09:00"), ist("2026-01-05", "19:00"), new Set())).toBe(8 * HOUR);
    expect(workingMs(ist("2026-01-05", "17:00"), ist("2026-01-06", "11:30"), new Set())).toBe(2.5 * HOUR);
    // Friday 17:00 to Monday 10:30: the weekend is not working time.
    expect(workingMs(ist("2026-01-09", "17:00"), ist("2026-01-12", "10:30"), new Set())).toBe(1.5 * HOUR);
    expect(workingMs(ist("2026-01-10", "10:00"), ist("2026-01-11", "18:00"), new Set())).toBe(0);
    expect(workingMs(ist("2026-01-06", "12:00"), ist("2026-01-05", "12:00"), new Set())).toBe(0);
  });

  it("leaves out holidays from the list", () => {
    const holidays = parseHolidays("# 2026\n2026-01-26 Republic Day\n\n2026-01-27\n");
    expect([...holidays]).toEqual(["2026-01-26", "2026-01-27"]);
    expect(workingMs(ist("2026-01-23", "10:00"), ist("2026-01-28", "18:00"), holidays)).toBe(2 * 8 * HOUR);
    expect(() => parseHolidays("26/01/2026")).toThrow(/line 1/);
  });

  it("dates an instant in IST", () => {
    expect(istDate(new Date("2026-01-05T19:00:00Z"))).toBe("2026-01-06");
    expect(istDate(new Date("2026-01-05T18:00:00Z"))).toBe("2026-01-05");
  });
});
