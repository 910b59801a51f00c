import { deref } from "./loadForSigning.js";
import type { ObjectChanges } from "./objectChanges.js";
import { asInt, type PdfDict, type PdfRef, type PdfValue } from "../read/rawObjects.js";
import type { RevisionObjects } from "../read/revisionObjects.js";
import { serializeValue } from "./rawWriter.js";

/**
 * A changed value is rewritten where it lives: as its own indirect object when the entry
 * `entry` of its owner is a reference, else with the owner.
 */
function rewriteWhereItLives(changes: ObjectChanges, entry: PdfValue | undefined, value: PdfValue, ownerRef: PdfRef, owner: PdfValue): void {
  if (entry?.kind === "ref") changes.rewrite(entry, value);
  else changes.rewrite(ownerRef, owner);
}

/**
 * Appends `widget` to the page's /Annots. An indirect array is rewritten alone; a direct one (or
 * none) becomes an array object of its own, the page rewritten to name it, so that later
 * signatures rewrite only that array (#16): a page dictionary (its resources often a kilobyte or
 * more) written again with every signature is bytes that each later signature hashes and copies.
 */
export function addToPageAnnots(objects: RevisionObjects, changes: ObjectChanges, pageRef: PdfRef, page: PdfDict, widget: PdfRef): void {
  const annots = page.entries.get("Annots");
  const array = deref(objects, annots);
  if (annots?.kind === "ref" && array?.kind === "array") {
    array.items.push(widget);
    changes.rewrite(annots, array);
    return;
  }
  const items = array?.kind === "array" ? [...array.items, widget] : [widget];
  page.entries.set("Annots", changes.add(serializeValue({ kind: "array", items })));
  changes.rewrite(pageRef, page);
}

/**
 * Appends `field` to /AcroForm /Fields with /SigFlags 3 (signatures exist, append only),
 * creating the AcroForm when missing. Rewrites only what changed: the /Fields array object, the
 * AcroForm object, or the catalog when the AcroForm is inline or new.
 */
export function addToAcroForm(objects: RevisionObjects, changes: ObjectChanges, catalogRef: PdfRef, catalog: PdfDict, field: PdfRef): void {
  const entry = catalog.entries.get("AcroForm");
  const acroForm = deref(objects, entry);
  if (acroForm?.kind !== "dict") {
    catalog.entries.set("AcroForm", changes.add(`<< /Fields [${field.num} ${field.gen} R] /SigFlags 3 >>`));
    changes.rewrite(catalogRef, catalog);
    return;
  }
  const rewriteForm = (): void => rewriteWhereItLives(changes, entry, acroForm, catalogRef, catalog);
  const fieldsEntry = acroForm.entries.get("Fields");
  const fields = deref(objects, fieldsEntry);
  if (fields?.kind === "array") {
    fields.items.push(field);
    if (fieldsEntry?.kind === "ref") changes.rewrite(fieldsEntry, fields);
    else rewriteForm();
  } else {
    acroForm.entries.set("Fields", { kind: "array", items: [field] });
    rewriteForm();
  }
  if (asInt(deref(objects, acroForm.entries.get("SigFlags"))) !== 3) {
    acroForm.entries.set("SigFlags", { kind: "number", value: 3, integer: true });
    rewriteForm();
  }
}

/** Records a certification signature in the catalog's /Perms /DocMDP. */
export function setDocMdpPermission(objects: RevisionObjects, changes: ObjectChanges, catalogRef: PdfRef, catalog: PdfDict, sig: PdfRef): void {
  const entry = catalog.entries.get("Perms");
  const perms = deref(objects, entry);
  if (perms?.kind === "dict") {
    perms.entries.set("DocMDP", sig);
    rewriteWhereItLives(changes, entry, perms, catalogRef, catalog);
  } else {
    catalog.entries.set("Perms", { kind: "dict", entries: new Map([["DocMDP", sig]]) });
    changes.rewrite(catalogRef, catalog);
  }
}
