import express, { Router, type Request, type RequestHandler, type Response } from "express";
import { MoharError } from "../errors.js";
import { DEV_OTP, MAX_XML_BYTES, type DevEsp, type DevEspStep } from "../esign/index.js";
import { route } from "./route.js";

const form = express.urlencoded({ extended: false, limit: MAX_XML_BYTES * 2, parameterLimit: 10 });

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function field(req: Request, name: string): string {
  const v = (req.body as Record<string, unknown> | undefined)?.[name];
  if (typeof v !== "string" || v === "") throw new MoharError("esign.bad_request", `the form field ${name} is missing`);
  return v;
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title></head><body><p><strong>mohar development ESP — not an eSign Service Provider; nothing here is a legal signature.</strong></p>${body}</body></html>`;
}

/** The next step as the browser needs it (an HTML form), or as JSON for a client that asks for it (the tests). */
function send(req: Request, res: Response, step: DevEspStep): void {
  if (req.accepts(["html", "json"]) === "json") {
    res.json(step);
    return;
  }
  if (step.kind === "otp") {
    res.type("html").send(
      page(
        "eSign: Aadhaar OTP",
        `<h1>Sign ${step.documents.length} document(s) for ${esc(step.aspId)}</h1><ul>${step.documents.map((d) => `<li>${esc(d)}</li>`).join("")}</ul>
<form method="post" action="/v1/dev/esp/authenticate"><input type="hidden" name="espTxnID" value="${esc(step.espTxnID)}">
<label>Aadhaar number (development: see certs-dev/esp/residents.json) <input name="aadhaar" autocomplete="off"></label>
<label>OTP (development: ${DEV_OTP}) <input name="otp" autocomplete="off"></label><button type="submit">Sign</button></form>`,
      ),
    );
    return;
  }
  // The response goes to the ASP's responseUrl, which may be another origin than this page.
  res.setHeader("Content-Security-Policy", `default-src 'none'; form-action ${new URL(step.responseUrl).origin}`);
  res.type("html").send(
    page(
      "eSign: return to the application",
      `<form method="post" action="${esc(step.responseUrl)}"><input type="hidden" name="eSignResponse" value="${esc(step.eSignResponse)}"><input type="hidden" name="espTxnID" value="${esc(step.espTxnID)}"><button type="submit">Return to the application</button></form>`,
    ),
  );
}

/** The development ESP signs for anyone who knows its public OTP: it answers this machine only. */
const loopbackOnly: RequestHandler = (req, _res, next) => {
  const from = req.socket.remoteAddress ?? "";
  if (from === "127.0.0.1" || from === "::1" || from === "::ffff:127.0.0.1") next();
  else next(new MoharError("esign.not_loopback", "the development ESP answers only requests from this machine (loopback)"));
};

/** /v1/dev/esp: the development ESP's two pages (the request with the form, then Aadhaar number and OTP). */
export function devEspRouter(esp: DevEsp): Router {
  const r = Router();
  route(r, "devEspSignDoc", loopbackOnly, form, async (req, res) => {
    send(req, res, esp.begin(field(req, "eSignRequest")));
  });
  route(r, "devEspAuthenticate", loopbackOnly, form, async (req, res) => {
    send(req, res, await esp.authenticate(field(req, "espTxnID"), field(req, "aadhaar"), field(req, "otp")));
  });
  return r;
}
