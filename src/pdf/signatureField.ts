import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRef, type PDFContext } from "pdf-lib";
import type { ObjectChanges } from "./objectChanges.js";

/** Where the dictionary holding an entry lives: its own indirect object, or inside `owner`. */
function ownerOf(value: unknown, ownerRef: PDFRef): PDFRef {
  return value instanceof PDFRef ? value : ownerRef;
}

/** Appends `widget` to the page's /Annots, rewriting the page or the /Annots array object. */
export function addToPageAnnots(context: PDFContext, changes: ObjectChanges, pageRef: PDFRef, page: PDFDict, widget: PDFRef): void {
  const annots = page.get(PDFName.of("Annots"));
  const array = annots instanceof PDFRef ? context.lookup(annots) : annots;
  if (array instanceof PDFArray) {
    array.push(widget);
    changes.touch(ownerOf(annots, pageRef));
  } else {
    page.set(PDFName.of("Annots"), context.obj([widget]));
    changes.touch(pageRef);
  }
}

/**
 * Appends `field` to /AcroForm /Fields with /SigFlags 3 (signatures exist, append only),
 * creating the AcroForm when missing. Rewrites only what changed: the /Fields array object, the
 * AcroForm object, or the catalog when the AcroForm is inline or new.
 */
export function addToAcroForm(context: PDFContext, changes: ObjectChanges, catalogRef: PDFRef, catalog: PDFDict, field: PDFRef): void {
  const entry = catalog.get(PDFName.of("AcroForm"));
  const acroForm = entry instanceof PDFRef ? context.lookup(entry) : entry;
  if (!(acroForm instanceof PDFDict)) {
    const created = changes.add(context.obj({ Fields: [field], SigFlags: 3 }));
    catalog.set(PDFName.of("AcroForm"), created);
    changes.touch(catalogRef);
    return;
  }
  const formOwner = ownerOf(entry, catalogRef);
  const fieldsEntry = acroForm.get(PDFName.of("Fields"));
  const fields = fieldsEntry instanceof PDFRef ? context.lookup(fieldsEntry) : fieldsEntry;
  if (fields instanceof PDFArray) {
    fields.push(field);
    changes.touch(ownerOf(fieldsEntry, formOwner));
  } else {
    acroForm.set(PDFName.of("Fields"), context.obj([field]));
    changes.touch(formOwner);
  }
  const sigFlags = acroForm.lookup(PDFName.of("SigFlags"));
  if (!(sigFlags instanceof PDFNumber) || sigFlags.asNumber() !== 3) {
    acroForm.set(PDFName.of("SigFlags"), PDFNumber.of(3));
    changes.touch(formOwner);
  }
}

/** Records a certification signature in the catalog's /Perms /DocMDP. */
export function setDocMdpPermission(context: PDFContext, changes: ObjectChanges, catalogRef: PDFRef, catalog: PDFDict, sig: PDFRef): void {
  const entry = catalog.get(PDFName.of("Perms"));
  const perms = entry instanceof PDFRef ? context.lookup(entry) : entry;
  if (perms instanceof PDFDict) {
    perms.set(PDFName.of("DocMDP"), sig);
    changes.touch(ownerOf(entry, catalogRef));
  } else {
    catalog.set(PDFName.of("Perms"), context.obj({ DocMDP: sig }));
    changes.touch(catalogRef);
  }
}
