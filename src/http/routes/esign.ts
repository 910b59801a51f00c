import { ESIGN_START_ERRORS, esignOptions, idParam, ifMatch, json, jsonBody, path, type RouteSpec, SIGN, str } from "./common.js";

/** Aadhaar eSign transactions, the ESP's answer, and the development ESP. */
export const ESIGN_ROUTES = {
  startEsign: {
    method: "post",
    path: "/v1/documents/:id/esign",
    access: SIGN,
    audit: "esign.start",
    summary: "Aadhaar eSign: start a transaction for the latest version (returns the form the browser posts to the ESP)",
    description: "The officer must have a registered eSign identity. The answer's form (action, fields eSignRequest/aspTxnID/Content-Type) is posted by the officer's browser to the ESP, which posts its response to POST /v1/esign/response.",
    parameters: [idParam, ifMatch],
    requestBody: jsonBody(esignOptions, ["officerId"]),
    responses: { "201": json("eSign transaction started (Location: its status)", "EsignStarted") },
    errors: ESIGN_START_ERRORS,
  },
  startEsignBatch: {
    method: "post",
    path: "/v1/esign/transactions",
    access: SIGN,
    audit: "esign.start",
    summary: "Aadhaar eSign of several documents in one transaction (one InputHash each)",
    requestBody: jsonBody(
      {
        ...esignOptions,
        documents: {
          type: "array",
          minItems: 1,
          items: { type: "object", required: ["documentId"], properties: { documentId: { type: "string", format: "uuid" }, expectedVersion: { type: "integer", minimum: 1 } }, additionalProperties: false },
        },
      },
      ["officerId", "documents"],
    ),
    responses: { "201": json("eSign transaction started (Location: its status)", "EsignStarted") },
    errors: [...ESIGN_START_ERRORS, "esign.too_many_documents"],
  },
  getEsignTransaction: {
    method: "get",
    path: "/v1/esign/transactions/:txn",
    access: SIGN,
    summary: "An eSign transaction: open, expired (the ESP never answered), refused, or each document's outcome",
    parameters: [path("txn")],
    responses: { "200": json("eSign transaction", "EsignTransaction") },
    errors: ["esign.transaction_not_found", "esign.not_configured", "auth.not_this_officer"],
  },
  esignResponse: {
    method: "post",
    path: "/v1/esign/response",
    access: "public",
    audit: "esign.complete",
    summary: "The ASP callback (responseUrl): the ESP's signed EsignResp, brought by the officer's browser",
    description:
      "Form fields eSignResponse (the EsignResp XML) and espTxnID. Authenticated by the ESP's XML signature (the configured ESP certificate), not by a credential; each signed document becomes a new version with its own audit entry. HTML for a browser, JSON when asked for.",
    requestBody: { required: true, content: { "application/x-www-form-urlencoded": { schema: { type: "object", required: ["eSignResponse"], properties: { eSignResponse: { type: "string" }, espTxnID: { type: "string" } } } } } },
    responses: { "200": json("each document's outcome", "EsignTransaction") },
    errors: ["esign.bad_response", "esign.transaction_not_found", "esign.transaction_expired", "esign.transaction_completed", "esign.refused", "esign.not_configured", "request.entity.too.large"],
  },
  devEspSignDoc: {
    method: "post",
    path: "/v1/dev/esp/signdoc",
    access: "public",
    summary: "Development ESP (DEV_ESP): takes the ASP's signed Esign request, asks for a development Aadhaar number and OTP",
    requestBody: { required: true, content: { "application/x-www-form-urlencoded": { schema: { type: "object", required: ["eSignRequest"], properties: { eSignRequest: { type: "string" }, aspTxnID: { type: "string" } } } } } },
    responses: { "200": { description: "the OTP page (JSON when asked for), or the page posting a refusal to the ASP", content: { "text/html": { schema: str }, "application/json": { schema: { type: "object" } } } } },
    errors: ["esign.bad_request", "esign.unknown_asp", "esign.not_loopback", "request.entity.too.large"],
  },
  devEspAuthenticate: {
    method: "post",
    path: "/v1/dev/esp/authenticate",
    access: "public",
    summary: "Development ESP: the Aadhaar number and OTP; answers with the page posting the signed EsignResp to the ASP's responseUrl",
    requestBody: { required: true, content: { "application/x-www-form-urlencoded": { schema: { type: "object", required: ["espTxnID", "aadhaar", "otp"], properties: { espTxnID: str, aadhaar: str, otp: str } } } } },
    responses: { "200": { description: "the page posting the EsignResp to the ASP (JSON when asked for)", content: { "text/html": { schema: str }, "application/json": { schema: { type: "object" } } } } },
    errors: ["esign.bad_request", "esign.transaction_not_found", "esign.not_loopback"],
  },
} satisfies Record<string, RouteSpec>;
