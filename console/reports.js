// Reports: the pendency (arrear) statement and the activity counts as tables, each downloadable as
// the API's own CSV; the statement also as a signed PDF stored as a document.
import { api } from "./api.js";
import { t } from "./i18n.js";
import { el, guarded, onSubmit, showMessage } from "./ui.js";

const $ = (id) => document.getElementById(id);
const PENDENCY = ["office", "holderKind", "holderId", "pending", "overdue", "pendingOver7Days", "medianDaysHeld"];
const ACTIVITY = ["office", "created", "received", "forwarded", "parked", "closed", "reopened", "signatures"];

function query(fields) {
  const q = new URLSearchParams();
  for (const [k, id] of Object.entries(fields)) if ($(id).value.trim()) q.set(k, $(id).value.trim());
  return q;
}

async function downloadCsv(path, q, name) {
  q.set("format", "csv");
  const blob = await (await api(`${path}?${q}`, { accept: "text/csv" })).blob();
  const link = el("a", { href: URL.createObjectURL(blob), download: name, hidden: "" });
  document.body.append(link);
  link.click();
  link.remove();
}

function table(id, columns, rows, caption) {
  if (rows.length === 0) return el("p", {}, t("noRows"));
  return el(
    "table",
    { id },
    el("caption", {}, caption),
    el("thead", {}, el("tr", {}, ...columns.map((c) => el("th", { scope: "col" }, t(`col_${c}`))))),
    el("tbody", {}, ...rows.map((r) => el("tr", { className: r.overdue > 0 ? "overdue" : "" }, ...columns.map((c) => el("td", {}, r[c] ?? "—"))))),
  );
}

async function show(path, fields, columns, out, title) {
  const q = query(fields);
  const report = await (await api(`${path}?${q}`)).json();
  const csv = el("button", { type: "button", className: "csv" }, t("csv"));
  csv.addEventListener("click", () => void guarded(() => downloadCsv(path, query(fields), `${title}.csv`)));
  const span = report.asOf ? `${t("asOf")} ${report.asOf}` : `${report.from} → ${report.to}`;
  $(out).replaceChildren(table(`${title}Table`, columns, report.rows, `${t(`${title}Title`)} · ${span}${report.office ? ` · ${report.office}` : ""}`), csv);
}

/** The weekly statement signed (the officer's own key, or the office seal) and stored; the page links the new document. */
async function makeStatement(onOpenDocument) {
  const office = $("pendencyOffice").value.trim();
  const asOf = $("pendencyAsOf").value.trim();
  const button = $("statementMake");
  button.disabled = true;
  $("statementResult").replaceChildren(el("p", {}, t("statementWorking")));
  try {
    const res = await api("/v1/reports/pendency/statements", { method: "POST", json: { ...(office ? { office } : {}), ...(asOf ? { asOf } : {}) } });
    const s = await res.json();
    const open = el("button", { type: "button" }, t("open"));
    open.addEventListener("click", () => void guarded(() => onOpenDocument(s.id)));
    const href = res.headers.get("location") ?? `/v1/documents/${encodeURIComponent(s.id)}/versions/${s.version}/content`;
    $("statementResult").replaceChildren(
      el("p", { "data-document-id": s.id }, `${t("statementMade")}: ${s.title} · ${t("fileNumber")}: ${s.fileNumber} · ${t("signer")}: ${s.signature?.officerId ?? "—"} `,
        el("a", { href, download: `${s.id}-v${s.version}.pdf`, id: "statementDownload" }, t("download")), " ", open),
    );
    showMessage(t("statementMade"), true);
  } catch (err) {
    $("statementResult").replaceChildren();
    throw err;
  } finally {
    button.disabled = false;
  }
}

export function initReports({ onOpenDocument }) {
  $("statementMake").addEventListener("click", () => void guarded(() => makeStatement(onOpenDocument)));
  onSubmit("pendencyForm", () => show("/v1/reports/pendency", { office: "pendencyOffice", asOf: "pendencyAsOf" }, PENDENCY, "pendencyResult", "pendency"));
  onSubmit("activityForm", () => show("/v1/reports/activity", { office: "activityOffice", from: "activityFrom", to: "activityTo" }, ACTIVITY, "activityResult", "activity"));
}
