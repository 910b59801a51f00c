/** A multipart body as the documents API takes it: text fields plus the PDF under `fileField`. */
export function uploadForm(fields: Record<string, string>, file?: Uint8Array, fileField = "file"): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  if (file) f.append(fileField, new Blob([file], { type: "application/pdf" }), "upload.pdf");
  return f;
}

/** An upload of a draft letter with default metadata, which `fields` may override. */
export function draftForm(pdf: Uint8Array, fields: Record<string, string> = {}): FormData {
  return uploadForm({ title: "Draft", fileNumber: "F/1", kind: "letter", ...fields }, pdf);
}
