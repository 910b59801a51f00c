import type { X509Certificate } from "node:crypto";
import { describeX509 } from "./certificateInfo.js";

/**
 * The India PKI's assurance classes by certificate policy OID (India PKI Certificate Policy, CCA):
 * the policy a licensed CA puts in a DSC says how the holder's identity was verified.
 */
const ASSURANCE: Record<string, IndiaPkiProfile["assuranceClass"]> = {
  "2.16.356.100.2.1": "Class 1",
  "2.16.356.100.2.2": "Class 2",
  "2.16.356.100.2.3": "Class 3",
};

export interface IndiaPkiProfile {
  /** The highest India PKI assurance class among the signer certificate's policies; null: none. */
  assuranceClass: "Class 1" | "Class 2" | "Class 3" | null;
  /** The signer certificate's policy OIDs under the CCA arc 2.16.356.100. */
  ccaPolicies: string[];
  /** The path ends at a trusted root that is the Root Certifying Authority of India (CN=CCA India ..., O=India PKI, C=IN). */
  ccaRooted: boolean;
  /** The trusted root the path ends at (its subject), or null when the path reaches none. */
  root: string | null;
  /** What an auditor should read: the class, and whether the root is the CCA's. */
  note: string;
}

/**
 * The RCAI's self-signed roots are named "CCA India <year>", organisation "India PKI", country IN.
 * A root is only ever trusted because the operator put it in TRUST_DIR; the name tells an auditor
 * whether that root is the CCA's or another (a department's own, or the development root).
 */
function isCcaRoot(root: X509Certificate): boolean {
  const s = describeX509(root).subjectAttributes;
  return root.subject === root.issuer && s.country === "IN" && s.organization === "India PKI" && /^CCA India\b/.test(s.commonName ?? "");
}

/** How the signer's certificate stands in the India PKI: its assurance class and its root. */
export function indiaPkiProfile(signer: X509Certificate, path: readonly X509Certificate[], trusted: boolean): IndiaPkiProfile {
  const policies = describeX509(signer).policies;
  const ccaPolicies = policies.filter((p) => p.startsWith("2.16.356.100."));
  const classes = ccaPolicies.map((p) => ASSURANCE[p]).filter((c): c is NonNullable<typeof c> => c != null).sort();
  const assuranceClass = classes.at(-1) ?? null;
  const last = path.at(-1);
  const root = trusted && last ? last : undefined;
  const ccaRooted = root !== undefined && isCcaRoot(root);
  const rootName = root ? describeX509(root).subject : null;
  const cls = assuranceClass ? `an India PKI ${assuranceClass} certificate` : "not an India PKI Class 1-3 certificate (no CCA assurance policy)";
  const where = ccaRooted
    ? "rooted in CCA India (the Root Certifying Authority of India)"
    : root
      ? `not rooted in CCA India: trusted through ${rootName}, a root configured in TRUST_DIR that is not the CCA's`
      : "not rooted in CCA India: no trusted root was reached";
  return { assuranceClass, ccaPolicies, ccaRooted, root: rootName, note: `${cls}; ${where}` };
}
