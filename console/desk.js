// My desk (what is pending with me, oldest first) and the file view (documents, custody timeline,
// forward / receive / park / close / reopen). Every action is a call to the public API.
import { api } from "./api.js";
import { renderAllPages, versionBytes } from "./documents.js";
import { movementChart } from "./fileChart.js";
import { currentLang, t } from "./i18n.js";
import { el, guarded, onSubmit, showMessage } from "./ui.js";

const $ = (id) => document.getElementById(id);
const enc = encodeURIComponent;
let hooks = { onOpenDocument: () => undefined, onSign: () => undefined, actor: () => null };
/** The file shown in the file view, as last read (its version goes into If-Match). */
let shown = null;

/** A time as the offices read it: Indian Standard Time, in the console's language. */
export function when(iso) {
  if (!iso) return "—";
  return new Date(iso).toLocaleString(currentLang() === "hi" ? "hi-IN" : "en-IN", { timeZone: "Asia/Kolkata", dateStyle: "medium", timeStyle: "short" });
}

function holderText(h) {
  return `${h.kind === "section" ? t("section") : h.kind === "officer" ? t("officer") : t("user")} ${h.id}`;
}

function days(ms) {
  return (ms / 86_400_000).toFixed(1);
}

/** Pending with the signed-in person, oldest first; overdue rows are marked in words and in red. */
export async function loadDesk() {
  const { pending } = await (await api("/v1/officers/me/pending")).json();
  const body = $("deskRows");
  body.replaceChildren();
  $("deskEmpty").hidden = pending.length > 0;
  $("deskTable").hidden = pending.length === 0;
  for (const p of pending) {
    const open = el("button", { type: "button" }, t("open"));
    open.addEventListener("click", () => void guarded(() => openFile(p.fileId)));
    const row = el(
      "tr",
      { "data-file-id": p.fileId, className: p.overdue ? "overdue" : "" },
      el("td", {}, p.fileNumber),
      el("td", {}, p.subject),
      el("td", {}, p.office),
      el("td", {}, when(p.since)),
      el("td", {}, p.daysHeld.toFixed(1)),
      el("td", {}, p.dueDate ?? "—", p.overdue ? el("strong", { className: "overdueMark" }, ` · ${t("overdue")}`) : ""),
      el("td", {}, p.received ? t("received") : t("notReceived")),
      el("td", {}, open),
    );
    body.append(row);
  }
}

/** Shows one file: its particulars, the actions its state allows, its documents and its custody timeline. */
export async function openFile(fileId) {
  const [file, moves] = await Promise.all([
    api(`/v1/files/${enc(fileId)}`).then((r) => r.json()),
    api(`/v1/files/${enc(fileId)}/movements`).then((r) => r.json()),
  ]);
  shown = file;
  const view = $("fileView");
  view.hidden = false;
  $("fileHead").replaceChildren(
    el("h3", {}, `${file.fileNumber} — ${file.subject}`),
    el(
      "p",
      {},
      `${t("office")}: ${file.office}${file.section ? ` / ${file.section}` : ""} · ${t("status")}: ${t(`status_${file.status}`)} · ${t("holder")}: ${holderText(file.holder)} · ${t("dueDate")}: ${file.dueDate ?? "—"}`,
    ),
  );
  const current = moves.movements[moves.movements.length - 1];
  $("fileActions").replaceChildren(...actionButtons(file, current));

  const docs = $("fileDocs");
  docs.replaceChildren();
  const notesheets = [];
  if (file.documents.length === 0) docs.append(el("li", {}, t("noDocuments")));
  for (const id of file.documents) {
    const doc = await (await api(`/v1/documents/${enc(id)}`)).json();
    const last = doc.versions[doc.versions.length - 1];
    if (doc.kind === "notesheet") notesheets.push({ doc, last });
    const href = `/v1/documents/${enc(id)}/versions/${last.n}/content`;
    const openBtn = el("button", { type: "button" }, t("open"));
    openBtn.addEventListener("click", () => void guarded(() => hooks.onOpenDocument(id)));
    const signBtn = el("button", { type: "button" }, t("sign"));
    signBtn.addEventListener("click", () => hooks.onSign(id));
    docs.append(
      el("li", { "data-document-id": id }, `${doc.title} · ${doc.kind} · ${t("version")} ${last.n} (${last.action}) `, el("a", { href, download: `${id}-v${last.n}.pdf` }, t("download")), " ", openBtn, " ", signBtn),
    );
  }

  const timeline = $("fileTimeline");
  timeline.replaceChildren();
  for (const m of moves.movements) {
    const held = m.to ? `${days(m.calendarMs)} ${t("days")} (${t("working")} ${days(m.workingMs)})` : `${t("heldSince")} ${when(m.from)}`;
    timeline.append(
      el(
        "li",
        { "data-step": String(m.step) },
        el("strong", {}, holderText(m.holder)),
        ` · ${when(m.from)} → ${m.to ? when(m.to) : t("now")} · ${held} · ${t("sentBy")} ${m.sentBy}`,
        m.receivedAt ? ` · ${t("received")} ${when(m.receivedAt)}` : "",
        m.remarks ? el("div", { className: "remarks" }, `${t("remarks")}: ${m.remarks}`) : "",
      ),
    );
  }
  $("fileChart").replaceChildren(movementChart(moves.movements, holderText, when));
  view.scrollIntoView({ block: "start" });
  await showNotesheets(notesheets);
}

/** Each notesheet on the file, its latest version page by page (pdf.js). */
async function showNotesheets(notesheets) {
  const box = $("fileNotesheet");
  box.replaceChildren();
  if (notesheets.length === 0) box.append(el("p", {}, t("noNotesheet")));
  for (const { doc, last } of notesheets) {
    const pages = el("div", { className: "pages", "data-document-id": doc.id });
    box.append(el("h5", {}, `${doc.title} · ${t("version")} ${last.n}`), pages);
    await renderAllPages(pages, await versionBytes(doc.id, last.n));
  }
}

/** Whether the signed-in person holds the file (a section's files: anyone may try; the server decides). */
function mayAct(holder) {
  const actor = hooks.actor();
  if (!actor) return false;
  if (actor.roles.includes("admin") || holder.kind === "section") return true;
  return holder.kind === "officer" ? holder.id === actor.officerId : holder.id === actor.id;
}

/** The buttons the file's state allows its holder: receive (once), park, close; reopen a parked or closed file. */
function actionButtons(file, current) {
  if (!mayAct(file.holder)) return [];
  const action = (label, path) => {
    const b = el("button", { type: "button", "data-action": path }, t(label));
    b.addEventListener("click", () =>
      void guarded(async () => {
        await api(`/v1/files/${enc(file.id)}/${path}`, { method: "POST" });
        showMessage(`${t(label)}: ${file.fileNumber}`, true);
        await Promise.all([openFile(file.id), loadDesk()]);
      }),
    );
    return b;
  };
  if (file.status === "open") return [...(current && !current.receivedAt ? [action("receive", "receive")] : []), action("park", "park"), action("close", "close")];
  return [action("reopen", "reopen")];
}

/** After a language switch: the desk and the open file, drawn again in the new language. */
export async function refreshDesk() {
  await loadDesk();
  if (shown) await openFile(shown.id);
}

export function initDesk(h) {
  hooks = h;
  $("deskRefresh").addEventListener("click", () => void guarded(loadDesk));
  onSubmit("openFileForm", async () => {
    const res = await api("/v1/files", {
      method: "POST",
      json: { fileNumber: $("newFileNumber").value, subject: $("newFileSubject").value, office: $("newFileOffice").value, ...($("newFileSection").value ? { section: $("newFileSection").value } : {}) },
    });
    const file = await res.json();
    showMessage(`${t("fileOpened")}: ${file.fileNumber}`, true);
    await Promise.all([openFile(file.id), loadDesk()]);
  });
  onSubmit("forwardForm", async () => {
    if (!shown) return;
    const to = $("forwardTo").value.trim();
    const body = { ...($("forwardKind").value === "section" ? { toSection: to } : { toOfficer: to }) };
    if ($("forwardRemarks").value.trim()) body.remarks = $("forwardRemarks").value.trim();
    if ($("forwardDue").value) body.dueDate = $("forwardDue").value;
    // If-Match: the file as shown; if someone moved it meanwhile the answer is 409 and nothing moves.
    await api(`/v1/files/${enc(shown.id)}/movements`, { method: "POST", json: body, headers: { "If-Match": `"${shown.version}"` } });
    showMessage(`${t("forwarded")}: ${shown.fileNumber} → ${to}`, true);
    $("forwardRemarks").value = "";
    await Promise.all([openFile(shown.id), loadDesk()]);
  });
  onSubmit("fileUploadForm", async () => {
    if (!shown) return;
    const form = new FormData();
    form.set("title", $("fileUpTitle").value);
    form.set("fileNumber", shown.fileNumber);
    form.set("kind", $("fileUpKind").value);
    form.set("file", $("fileUpPdf").files[0]);
    const doc = await (await api("/v1/documents", { method: "POST", form })).json();
    await api(`/v1/files/${enc(shown.id)}/documents`, { method: "POST", json: { documentId: doc.id } });
    showMessage(`${t("uploaded")}: ${doc.title}`, true);
    await openFile(shown.id);
  });
}

/** Officers to forward to, offered as suggestions once signed in (the list is a convenience: any id can be typed). */
export async function loadOfficers() {
  try {
    const { officers } = await (await api("/v1/officers")).json();
    $("officerList").replaceChildren(...officers.map((o) => el("option", { value: o.id }, `${o.name}, ${o.designation}`)));
  } catch {
    // Without the list the field still takes an officer id.
  }
}
