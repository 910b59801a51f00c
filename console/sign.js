import { api } from "./api.js";
import { versionBytes } from "./documents.js";
import { t } from "./i18n.js";
import { canvasBoxToPdfRect, openPdf, renderPage } from "./pdfView.js";
import { guarded, onSubmit, showMessage } from "./ui.js";

const $ = (id) => document.getElementById(id);

/** What is open on the Sign page: the PDF, the viewport of the shown page, the dragged box. */
const state = { pdf: null, viewport: null, rect: null };

async function load() {
  const id = $("signDoc").value.trim();
  const doc = await (await api(`/v1/documents/${encodeURIComponent(id)}`)).json();
  const last = doc.versions[doc.versions.length - 1];
  state.pdf = await openPdf(await versionBytes(id, last.n));
  $("signPage").max = String(state.pdf.numPages);
  await showPage();
}

async function showPage() {
  if (!state.pdf) return;
  const n = Math.min(Math.max(1, Number($("signPage").value) || 1), state.pdf.numPages);
  const wrap = $("signCanvasWrap");
  const canvas = $("signCanvas");
  state.viewport = await renderPage(state.pdf, n, canvas, Math.min(900, wrap.parentElement.clientWidth || 900));
  canvas.dataset.page = String(n);
  state.rect = null;
  $("signRect").hidden = true;
  $("signBox").textContent = t("dragHint");
}

/** Pointer position in canvas pixels (the canvas may be shown smaller than its pixel size). */
function canvasPoint(e) {
  const canvas = $("signCanvas");
  const r = canvas.getBoundingClientRect();
  const x = Math.min(Math.max(e.clientX - r.left, 0), r.width);
  const y = Math.min(Math.max(e.clientY - r.top, 0), r.height);
  return { x: (x * canvas.width) / r.width, y: (y * canvas.height) / r.height, cssX: x, cssY: y };
}

function initDrag() {
  const canvas = $("signCanvas");
  const box = $("signRect");
  let start = null;
  canvas.addEventListener("pointerdown", (e) => {
    if (!state.viewport) return;
    canvas.setPointerCapture(e.pointerId);
    start = canvasPoint(e);
  });
  canvas.addEventListener("pointermove", (e) => {
    if (!start) return;
    const p = canvasPoint(e);
    Object.assign(box.style, {
      left: `${Math.min(start.cssX, p.cssX)}px`, top: `${Math.min(start.cssY, p.cssY)}px`,
      width: `${Math.abs(p.cssX - start.cssX)}px`, height: `${Math.abs(p.cssY - start.cssY)}px`,
    });
    box.hidden = false;
  });
  canvas.addEventListener("pointerup", (e) => {
    if (!start) return;
    const p = canvasPoint(e);
    state.rect = canvasBoxToPdfRect(state.viewport, { x1: start.x, y1: start.y, x2: p.x, y2: p.y });
    start = null;
    $("signBox").textContent = `${t("box")}: [${state.rect.join(", ")}]`;
    $("signBox").dataset.rect = JSON.stringify(state.rect);
  });
}

export function initSign({ officerId, afterSign }) {
  initDrag();
  $("signLoad").addEventListener("click", () => void guarded(load));
  $("signPage").addEventListener("change", () => void guarded(showPage));
  onSubmit("signForm", async () => {
    if (!state.rect) {
      showMessage(t("noBox"));
      return;
    }
    const id = $("signDoc").value.trim();
    const reason = $("signReason").value.trim();
    const body = { officerId: officerId(), page: Number($("signPage").value) || 1, rect: state.rect, ...(reason ? { reason } : {}) };
    const res = await (await api(`/v1/documents/${encodeURIComponent(id)}/signatures`, { method: "POST", json: body })).json();
    showMessage(`${t("signed")} ${res.version}`, true);
    await afterSign(id);
  });
}

/** Opens a document on the Sign page (from the Documents list). */
export function prefillSign(id) {
  $("signDoc").value = id;
  void guarded(load);
}
