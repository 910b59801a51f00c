import express, { Router } from "express";
import { sendProblem } from "./problem.js";
import { route } from "./route.js";

/** A TSA answering DER TimeStampReqs (the development TSA, made by `devTsaFiles.ts`; http needs no more of it). */
export interface TimestampResponder {
  respond(requestDer: Buffer): Promise<Buffer>;
}

/** POST /v1/dev/tsa: the development RFC 3161 TSA, so that PAdES B-T works out of the box. */
export function devTsaRouter(tsa: TimestampResponder): Router {
  const r = Router();
  route(r, "devTsa", express.raw({ type: "application/timestamp-query", limit: "64kb" }), async (req, res) => {
    if (!Buffer.isBuffer(req.body)) {
      sendProblem(res, "tsa.media_type", "send a DER TimeStampReq as application/timestamp-query");
      return;
    }
    // Malformed requests get an RFC 3161 rejection (status 2), which is what TSA clients expect.
    res.type("application/timestamp-reply").send(await tsa.respond(req.body));
  });
  return r;
}
