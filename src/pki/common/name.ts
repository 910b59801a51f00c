import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { oid } from "./oids.js";

/** The parts of an X.500 name mohar writes and reads. */
export interface NameAttributes {
  commonName?: string;
  organization?: string;
  organizationalUnit?: string;
  title?: string;
  locality?: string;
  state?: string;
  postalCode?: string;
  country?: string;
  pseudonym?: string;
  serialNumber?: string;
}

/** Writing order (most general first, as Indian CA certificates do) and the short labels. */
const attributeOrder: ReadonlyArray<{ field: keyof NameAttributes; type: string; label: string; printable: boolean }> = [
  { field: "country", type: oid.country, label: "C", printable: true },
  { field: "state", type: oid.state, label: "ST", printable: false },
  { field: "locality", type: oid.locality, label: "L", printable: false },
  { field: "postalCode", type: oid.postalCode, label: "postalCode", printable: false },
  { field: "organization", type: oid.organization, label: "O", printable: false },
  { field: "organizationalUnit", type: oid.organizationalUnit, label: "OU", printable: false },
  { field: "title", type: oid.title, label: "title", printable: false },
  { field: "pseudonym", type: oid.pseudonym, label: "pseudonym", printable: false },
  { field: "serialNumber", type: oid.serialNumber, label: "serialNumber", printable: true },
  { field: "commonName", type: oid.commonName, label: "CN", printable: false },
];

/**
 * Builds a name with one attribute per RDN. (pkijs, building a name from scratch, would put all
 * attributes into a single multi-valued RDN, so the DER is written here and parsed back.)
 */
export function buildName(attrs: NameAttributes): pkijs.RelativeDistinguishedNames {
  const rdns: asn1js.Set[] = [];
  for (const a of attributeOrder) {
    const value = attrs[a.field];
    if (value === undefined) continue;
    // C and serialNumber are PrintableString by X.520; the rest are UTF8String (DirectoryString).
    const encoded = a.printable ? new asn1js.PrintableString({ value }) : new asn1js.Utf8String({ value });
    rdns.push(new asn1js.Set({ value: [new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: a.type }), encoded] })] }));
  }
  return pkijs.RelativeDistinguishedNames.fromBER(new asn1js.Sequence({ value: rdns }).toBER(false));
}

function attributeText(tv: pkijs.AttributeTypeAndValue): string {
  const v = tv.value as unknown as { valueBlock?: { value?: unknown } };
  const raw = v.valueBlock?.value;
  return typeof raw === "string" ? raw : Buffer.from(tv.value.toBER(false)).toString("hex");
}

/** Reads the known attributes of a name; repeated attributes keep the last (most specific) value. */
export function readName(name: pkijs.RelativeDistinguishedNames): NameAttributes {
  const out: NameAttributes = {};
  for (const tv of name.typesAndValues) {
    const known = attributeOrder.find((a) => a.type === tv.type);
    if (known) out[known.field] = attributeText(tv);
  }
  return out;
}

/** A one-line rendering such as "CN=Anita Sharma, OU=Revenue, O=..., C=IN" (most specific first). */
export function nameToString(name: pkijs.RelativeDistinguishedNames): string {
  return [...name.typesAndValues]
    .reverse()
    .map((tv) => `${attributeOrder.find((a) => a.type === tv.type)?.label ?? tv.type}=${attributeText(tv)}`)
    .join(", ");
}
