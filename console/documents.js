import { api } from "./api.js";
import { t } from "./i18n.js";
import { openPdf, renderPage } from "./pdfView.js";
import { el, guarded, onSubmit, showMessage } from "./ui.js";

const $ = (id) => document.getElementById(id);

export async function versionBytes(id, n) {
  const res = await api(`/v1/documents/${encodeURIComponent(id)}/versions/${n}/content`);
  return new Uint8Array(await res.arrayBuffer());
}

/** Every page of a PDF, one canvas each, named for screen readers by its number. */
export async function renderAllPages(container, bytes) {
  const pdf = await openPdf(bytes);
  for (let n = 1; n <= pdf.numPages; n++) {
    const canvas = el("canvas", { "aria-label": `${t("page")} ${n}` });
    container.append(el("div", { className: "canvasWrap" }, canvas));
    await renderPage(pdf, n, canvas, Math.min(900, container.clientWidth || 900));
  }
}

export async function openDocument(id) {
  const doc = await (await api(`/v1/documents/${encodeURIComponent(id)}`)).json();
  const view = $("docView");
  view.replaceChildren(el("h3", {}, `${doc.title} (${doc.fileNumber})`), el("p", {}, `${t("documentId")}: `, el("code", {}, doc.id)));
  const list = el("ul", { className: "versions" });
  for (const v of doc.versions) {
    const href = `/v1/documents/${encodeURIComponent(doc.id)}/versions/${v.n}/content`;
    list.append(el("li", {}, `${t("version")} ${v.n} · ${v.action} · ${v.createdAt} · ${v.pageCount} ${t("pages")} · `, el("a", { href, download: `${doc.id}-v${v.n}.pdf` }, t("download"))));
  }
  const pages = el("div", { className: "pages" });
  view.append(list, pages);
  const last = doc.versions[doc.versions.length - 1];
  await renderAllPages(pages, await versionBytes(doc.id, last.n));
}

export function initDocuments({ onSign }) {
  onSubmit("uploadForm", async () => {
    const form = new FormData();
    form.set("title", $("upTitle").value);
    form.set("fileNumber", $("upFile").value);
    form.set("kind", $("upKind").value);
    form.set("file", $("upPdf").files[0]);
    const doc = await (await api("/v1/documents", { method: "POST", form })).json();
    showMessage(`${t("uploaded")}: ${doc.title}`, true);
    $("listFile").value = doc.fileNumber;
    await listFile(doc.fileNumber, onSign);
  });
  onSubmit("listForm", () => listFile($("listFile").value, onSign));
}

async function listFile(fileNumber, onSign) {
  const { documents } = await (await api(`/v1/documents?fileNumber=${encodeURIComponent(fileNumber)}`)).json();
  const list = $("docList");
  list.replaceChildren();
  if (documents.length === 0) list.append(el("li", {}, t("noDocuments")));
  for (const d of documents) {
    const openBtn = el("button", { type: "button" }, t("open"));
    openBtn.addEventListener("click", () => void guarded(() => openDocument(d.id)));
    const signBtn = el("button", { type: "button" }, t("sign"));
    signBtn.addEventListener("click", () => onSign(d.id));
    list.append(el("li", { "data-document-id": d.id }, `${d.title} · ${d.kind} `, openBtn, " ", signBtn));
  }
}
