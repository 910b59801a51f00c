import { api } from "./api.js";
import { t } from "./i18n.js";
import { el, onSubmit, showMessage } from "./ui.js";

const $ = (id) => document.getElementById(id);
let chosen = null;

function row(label, value) {
  return el("div", {}, el("strong", {}, `${label}: `), value);
}

function signatureCard(s) {
  const card = el("article", { className: `card signature ${s.status}`, "aria-label": `${t("signer")}: ${s.signerName ?? s.fieldName}` });
  card.append(
    el("h4", {}, `${t(s.status)} — ${s.signerName ?? s.signer?.subject ?? s.fieldName}`),
    el("p", { className: "status" }, `${s.status}${s.subIndication ? ` / ${s.subIndication}` : ""}: ${s.statusReason}`),
    row(t("signer"), s.signer?.subject ?? t("none")),
    row(t("time"), `${s.signingTime.time} (${s.signingTime.source})`),
    row(t("timestamp"), s.timestamp ? `${s.timestamp.genTime ?? "?"} ${s.timestamp.tsa?.subject ?? ""} ${s.timestamp.ok ? "✓" : "✗"}` : t("none")),
    row(t("reason"), s.reason ?? t("none")),
    row(t("chain"), s.certificate.path.length ? s.certificate.path.join(" → ") : t("none")),
    row(t("revocation"), `${s.revocation.status}${s.revocation.detail ? ` — ${s.revocation.detail}` : ""}`),
  );
  if (s.changesAfter.length) {
    const list = el("ul", {});
    for (const c of s.changesAfter) {
      const ok = c.classification === "allowed";
      list.append(el("li", { className: ok ? "allowed" : "notAllowed" }, `#${c.revision} ${ok ? t("allowed") : t("notAllowed")} (${c.classification}): ${c.description}`));
    }
    card.append(el("h5", {}, t("changes")), list);
  }
  return card;
}

function showReport(report) {
  const out = $("verifyResult");
  const blob = new Blob([JSON.stringify(report, null, 2)], { type: "application/json" });
  const link = el("a", { href: URL.createObjectURL(blob), download: "verification-report.json" }, t("report"));
  out.replaceChildren(
    el("div", { className: `card overall ${report.status}`, role: "status" }, el("h3", {}, `${t(report.status)} (${report.status})`), el("p", {}, report.statusReason)),
    link,
  );
  if (report.encryption) out.append(row(t("encryption"), report.encryption));
  if (report.repairs?.length) out.append(el("h4", {}, t("repaired")), el("ul", {}, ...report.repairs.map((x) => el("li", {}, x))));
  out.append(el("h3", {}, `${t("signatures")}: ${report.signatureCount}`));
  if (report.damage?.length) out.append(el("h4", {}, t("damaged")), el("ul", {}, ...report.damage.map((x) => el("li", {}, x))));
  else if (report.signatures.length === 0) out.append(el("p", {}, t("noSignatures")));
  for (const s of report.signatures) out.append(signatureCard(s));
}

export function initVerify() {
  const zone = $("verifyForm");
  $("verifyPdf").addEventListener("change", () => {
    chosen = $("verifyPdf").files[0] ?? null;
  });
  zone.addEventListener("dragover", (e) => e.preventDefault());
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    chosen = e.dataTransfer.files[0] ?? null;
    if (chosen) $("dropZone").textContent = chosen.name;
  });
  onSubmit("verifyForm", async () => {
    if (!chosen) {
      showMessage(t("choosePdf"));
      return;
    }
    const form = new FormData();
    form.set("file", chosen);
    showReport(await (await api("/v1/verify", { method: "POST", form })).json());
  });
}
