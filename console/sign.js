import { api } from "./api.js";
import { versionBytes } from "./documents.js";
import { t } from "./i18n.js";
import { canvasBoxToPdfRect, openPdf, renderPage } from "./pdfView.js";
import { guarded, onSubmit, showMessage } from "./ui.js";

const $ = (id) => document.getElementById(id);

/** What is open on the Sign page: the PDF, the viewport of the shown page, the dragged box, an open two-phase session. */
const state = { pdf: null, viewport: null, rect: null, box: null, session: null };

async function load() {
  const id = $("signDoc").value.trim();
  const doc = await (await api(`/v1/documents/${encodeURIComponent(id)}`)).json();
  const last = doc.versions[doc.versions.length - 1];
  state.pdf = await openPdf(await versionBytes(id, last.n));
  state.session = null;
  $("tokenPanel").hidden = true;
  $("signPage").max = String(state.pdf.numPages);
  await showPage();
  $("signCanvas").dataset.document = id;
}

async function showPage() {
  if (!state.pdf) return;
  const n = Math.min(Math.max(1, Number($("signPage").value) || 1), state.pdf.numPages);
  const wrap = $("signCanvasWrap");
  const canvas = $("signCanvas");
  state.viewport = await renderPage(state.pdf, n, canvas, Math.min(900, wrap.parentElement.clientWidth || 900));
  canvas.dataset.page = String(n);
  state.rect = null;
  state.box = null;
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

/** Shows the box (canvas pixels) over the page and records it in PDF points. */
function placeBox(b) {
  const canvas = $("signCanvas");
  const css = canvas.getBoundingClientRect().width / canvas.width;
  Object.assign($("signRect").style, {
    left: `${Math.min(b.x1, b.x2) * css}px`, top: `${Math.min(b.y1, b.y2) * css}px`,
    width: `${Math.abs(b.x2 - b.x1) * css}px`, height: `${Math.abs(b.y2 - b.y1) * css}px`,
  });
  $("signRect").hidden = false;
  state.box = b;
  state.rect = canvasBoxToPdfRect(state.viewport, b);
  $("signBox").textContent = `${t("box")}: [${state.rect.join(", ")}]`;
  $("signBox").dataset.rect = JSON.stringify(state.rect);
}

/**
 * The box without a pointer: Enter on the page puts a box at its lower right, the arrow keys move
 * it (Shift: further), + and - resize it.
 */
function onCanvasKey(e) {
  if (!state.viewport) return;
  const canvas = $("signCanvas");
  const step = (e.shiftKey ? 50 : 10) * state.viewport.scale;
  let b = state.box;
  if (e.key === "Enter" || e.key === " ") {
    const w = 180 * state.viewport.scale;
    const h = 60 * state.viewport.scale;
    b = { x1: canvas.width - w - 40, y1: canvas.height - h - 60, x2: canvas.width - 40, y2: canvas.height - 60 };
  } else if (!b) return;
  else {
    const move = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }[e.key];
    const grow = { "+": step, "=": step, "-": -step }[e.key];
    if (move) b = { x1: b.x1 + move[0], y1: b.y1 + move[1], x2: b.x2 + move[0], y2: b.y2 + move[1] };
    else if (grow !== undefined) b = { ...b, x2: Math.max(b.x1 + step, b.x2 + grow), y2: Math.max(b.y1 + step / 2, b.y2 + grow / 3) };
    else return;
    const dx = Math.min(0, canvas.width - Math.max(b.x1, b.x2)) - Math.min(0, Math.min(b.x1, b.x2));
    const dy = Math.min(0, canvas.height - Math.max(b.y1, b.y2)) - Math.min(0, Math.min(b.y1, b.y2));
    b = { x1: b.x1 + dx, y1: b.y1 + dy, x2: b.x2 + dx, y2: b.y2 + dy };
  }
  e.preventDefault();
  placeBox(b);
}

function initDrag() {
  const canvas = $("signCanvas");
  const box = $("signRect");
  let start = null;
  canvas.addEventListener("keydown", onCanvasKey);
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
    placeBox({ x1: start.x, y1: start.y, x2: p.x, y2: p.y });
    start = null;
  });
}

/** The signing request both ways share: the officer, the page and the dragged box, the reason. */
function signingBody(officerId) {
  const reason = $("signReason").value.trim();
  return { officerId, page: Number($("signPage").value) || 1, rect: state.rect, ...(reason ? { reason } : {}) };
}

/** Two-phase signing: mohar prepares the PDF and answers what the token or eSign must sign; the page shows it and waits. */
async function prepareForToken(officerId) {
  if (!state.rect) {
    showMessage(t("noBox"));
    return;
  }
  const id = $("signDoc").value.trim();
  const s = await (await api(`/v1/documents/${encodeURIComponent(id)}/signatures/prepare`, { method: "POST", json: signingBody(officerId) })).json();
  state.session = s;
  $("tokenSession").textContent = s.sessionId;
  $("tokenExpires").textContent = s.expiresAt;
  $("tokenDigest").textContent = s.digestToSign;
  $("tokenAttrs").textContent = s.signedAttributes;
  $("tokenValue").value = "";
  $("tokenPanel").hidden = false;
  showMessage(t("tokenWaiting"), true);
  $("tokenPanel").scrollIntoView({ block: "start" });
  $("tokenValue").focus();
}

export function initSign({ officerId, afterSign }) {
  initDrag();
  $("signToken").addEventListener("click", () => void guarded(() => prepareForToken(officerId())));
  onSubmit("tokenForm", async () => {
    if (!state.session) return;
    const value = $("tokenValue").value.replace(/\s+/g, "");
    const s = state.session;
    const res = await (await api(`/v1/signing-sessions/${encodeURIComponent(s.sessionId)}/complete`, { method: "POST", json: { [$("tokenKind").value]: value } })).json();
    state.session = null;
    $("tokenPanel").hidden = true;
    showMessage(`${t("signed")} ${res.version}`, true);
    await afterSign(s.documentId);
  });
  $("signLoad").addEventListener("click", () => void guarded(load));
  $("signPage").addEventListener("change", () => void guarded(showPage));
  onSubmit("signForm", async () => {
    if (!state.rect) {
      showMessage(t("noBox"));
      return;
    }
    const id = $("signDoc").value.trim();
    const res = await (await api(`/v1/documents/${encodeURIComponent(id)}/signatures`, { method: "POST", json: signingBody(officerId()) })).json();
    showMessage(`${t("signed")} ${res.version}`, true);
    await afterSign(id);
  });
}

/** Opens a document on the Sign page (from the Documents list). */
export function prefillSign(id) {
  $("signDoc").value = id;
  void guarded(load);
}
