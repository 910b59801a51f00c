import type { Indication, SubIndication, Verdict } from "./report.js";

export interface Finding {
  status: Exclude<Indication, "TOTAL_PASSED">;
  subIndication: SubIndication;
  reason: string;
}

/** The most serious finding decides: any TOTAL_FAILED beats any INDETERMINATE; order breaks ties. */
export function verdictOf(findings: Finding[]): Verdict {
  const worst = findings.find((f) => f.status === "TOTAL_FAILED") ?? findings[0];
  if (!worst) return { status: "TOTAL_PASSED", subIndication: null, statusReason: "the signature is valid and the document was not changed in disallowed ways after it" };
  return { status: worst.status, subIndication: worst.subIndication, statusReason: worst.reason };
}

export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings.filter((f) => f.status === "TOTAL_FAILED"), ...findings.filter((f) => f.status !== "TOTAL_FAILED")];
}
