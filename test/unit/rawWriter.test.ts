import { describe, expect, it } from "vitest";
import { valuesEqual, type PdfValue } from "../../src/pdf/read/rawObjects.js";
import { RawParser } from "../../src/pdf/read/rawParser.js";
import { pdfNumber, serializeValue } from "../../src/pdf/write/rawWriter.js";

const parse = (s: string): PdfValue => new RawParser(Buffer.from(s, "latin1")).readValue();

/** Objects a signature rewrites (page, AcroForm, catalog, /DSS) go back exactly as they were read, plus the change. */
describe("serializing raw values for an incremental update", () => {
  it("writes back what parses to the same value: names with #xx, strings with escapes and line ends, nesting", () => {
    const src =
      "<< /Type /Page /A#20B#23 1 /Str (a\\(b\\)c\\\\d\r\ne\\r) /Hex <00fF10> /Arr [1 -2.5 .5 3 0 R 4 0 R null true false +3] " +
      "/Sub << /Empty [] /D <<>> /N / >> /U <FEFF0930> >>";
    const value = parse(src);
    const written = serializeValue(value);
    expect(valuesEqual(parse(written), value)).toBe(true);
    expect(written).toContain("/A#20B#23 1");
    expect(written).toContain("(a\\(b\\)c\\\\d\\r\\ne\\r)");
  });

  it("writes numbers without exponents", () => {
    expect(pdfNumber(1e-7)).toBe("0.0000001");
    expect(pdfNumber(-0.5)).toBe("-0.5");
    expect(pdfNumber(1e21)).toBe("1000000000000000000000");
    expect(pdfNumber(595.28)).toBe("595.28");
    expect(valuesEqual(parse(serializeValue(parse("0.000000123"))), parse("0.000000123"))).toBe(true);
  });
});
