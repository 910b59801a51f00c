import { describe, expect, it } from "vitest";
import { toProblem } from "../../src/http/problem.js";
import { StoreUnavailableError } from "../../src/store/index.js";

describe("problem details", () => {
  it("hide an unreachable store's hosts and keys behind a 503 that says to retry", () => {
    const p = toProblem(new StoreUnavailableError("cannot write documents/d1/v/2.pdf: connect ECONNREFUSED 10.0.0.5:9000"));
    expect(p).toEqual({ status: 503, detail: "the object store is unavailable; try again later", code: "store.unavailable" });
  });

  it("hide an internal error's message and stack", () => {
    const err = new TypeError("Cannot read properties of undefined (reading 'secretKey') at /srv/mohar/dist/x.js:12");
    const p = toProblem(err);
    expect(p.status).toBe(500);
    expect(JSON.stringify(p)).not.toMatch(/secretKey|\/srv\/mohar|TypeError/);
  });
});
