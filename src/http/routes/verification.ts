import { AUDIT, idParam, nParam, pdfUpload, query, reportAnswer, type RouteSpec, UPLOAD_ERRORS } from "./common.js";

/** Verifying an uploaded PDF or a stored version. */
export const VERIFICATION_ROUTES = {
  verifyUpload: {
    method: "post",
    path: "/v1/verify",
    access: AUDIT,
    audit: "document.verify",
    summary: "Verify every signature of an uploaded PDF (a failing signature is still a 200 with its report; as a PDF with ?format=pdf or Accept: application/pdf)",
    parameters: [query("format", "string")],
    requestBody: pdfUpload(),
    responses: { "200": reportAnswer },
    // An encrypted PDF is verified when it opens without a password.
    errors: [...UPLOAD_ERRORS, "pdf.password_required"],
  },
  verifyVersion: {
    method: "get",
    path: "/v1/documents/:id/versions/:n/verification",
    access: AUDIT,
    audit: "document.verify",
    summary: "Verification report of a stored version (as a PDF with ?format=pdf or Accept: application/pdf)",
    parameters: [idParam, nParam, query("format", "string")],
    responses: { "200": reportAnswer },
    errors: ["document.not_found", "version.not_found", "pdf.unreadable", "limits.parse_timeout", "limits.parse_memory"],
  },
} satisfies Record<string, RouteSpec>;
