/** The date if it is a real point in time; ASN.1 and X.509 parsers yield Invalid Date on junk. */
export function validDate(d: Date | undefined | null): Date | null {
  return d instanceof Date && Number.isFinite(d.getTime()) ? d : null;
}
