// Verify: drop a PDF; the report as cards (status in words and colour, chain, revocation, later
// changes allowed or not), downloadable as JSON and as a PDF (the API's ?format=pdf).
import { api } from "./api.js";
import { t } from "./i18n.js";
import { el, guarded, onSubmit, showMessage } from "./ui.js";

const $ = (id) => document.getElementById(id);
let chosen = null;

function row(label, ...value) {
  return el("div", {}, el("strong", {}, `${label}: `), ...value);
}

/** A yes/no fact in words, coloured, never colour alone. */
function fact(ok, yes, no) {
  return el("span", { className: ok ? "good" : "bad" }, ok ? `✓ ${t(yes)}` : `✗ ${t(no)}`);
}

function certificateState(signer, at) {
  if (!signer?.notAfter || !signer.notBefore) return null;
  const time = Date.parse(at);
  if (time > Date.parse(signer.notAfter)) return fact(false, "certValid", "certExpired");
  if (time < Date.parse(signer.notBefore)) return fact(false, "certValid", "certNotYetValid");
  return fact(true, "certValid", "certValid");
}

/** Which source answered for the signer's certificate (#15): " (answer from the CA's OCSP responder http://...)". */
function revocationSource(entry) {
  if (!entry) return "";
  return ` (${t(`revsrc_${entry.source}`)}${entry.url ? ` ${entry.url}` : ""}${entry.answeredAt ? `, ${entry.answeredAt}` : ""})`;
}

function signatureCard(s) {
  const name = s.signerName ?? s.signer?.subject ?? s.fieldName;
  const card = el("article", { className: `card signature ${s.status}`, "aria-label": `${t("signer")}: ${name} — ${t(s.status)}` });
  const chain = el("ol", { className: "chain" }, ...(s.certificate.path.length ? s.certificate.path : [t("none")]).map((c) => el("li", {}, c)));
  const integrity = s.integrity.byteRangeOk && s.integrity.digestOk && s.integrity.signatureOk;
  card.append(
    el("h4", {}, `${t(s.status)} — ${name}`),
    el("p", { className: "status" }, `${s.status}${s.subIndication ? ` / ${s.subIndication}` : ""}: ${s.statusReason}`),
    row(t("signer"), s.signer?.subject ?? t("none")),
    row(t("issuer"), s.signer?.issuer ?? t("none")),
    row(t("time"), `${s.signingTime.time} (${s.signingTime.source})`),
    row(t("timestamp"), s.timestamp ? `${s.timestamp.genTime ?? "?"} ${s.timestamp.tsa?.subject ?? ""} ` : t("none"), s.timestamp ? fact(s.timestamp.ok, "tsValid", "tsInvalid") : ""),
    row(t("reason"), s.reason ?? t("none")),
    row(t("integrity"), fact(integrity, "integrityOk", "integrityBad")),
    row(t("certificate"), fact(s.certificate.chainOk, "chainOk", "chainBroken"), " · ", fact(s.certificate.trusted, "trusted", "notTrusted"), " · ", certificateState(s.signer, s.signingTime.time) ?? ""),
    row(t("chain"), chain),
    row(t("revocation"), el("span", { className: s.revocation.status === "good" ? "good" : s.revocation.status === "revoked" ? "bad" : "unsure" }, t(`rev_${s.revocation.status}`)), revocationSource(s.revocation.checks?.[0]), s.revocation.detail ? ` — ${s.revocation.detail}` : ""),
  );
  if (s.changesAfter.length) {
    const list = el("ul", {});
    for (const c of s.changesAfter) {
      const ok = c.classification === "allowed";
      list.append(el("li", { className: ok ? "allowed" : "notAllowed" }, `#${c.revision} ${ok ? `✓ ${t("allowed")}` : `✗ ${t("notAllowed")}`} (${c.classification}): ${c.description}`));
    }
    card.append(el("h5", {}, t("changes")), list);
  }
  return card;
}

/** The same file verified again, answered as a PDF report, saved through a temporary link. */
async function downloadPdf(file) {
  const form = new FormData();
  form.set("file", file);
  const blob = await (await api("/v1/verify?format=pdf", { method: "POST", form, accept: "application/pdf" })).blob();
  const link = el("a", { href: URL.createObjectURL(blob), download: "verification-report.pdf", hidden: "" });
  document.body.append(link);
  link.click();
  link.remove();
}

function showReport(report, file) {
  const out = $("verifyResult");
  const blob = new Blob([JSON.stringify(report, null, 2)], { type: "application/json" });
  const json = el("a", { href: URL.createObjectURL(blob), download: "verification-report.json", id: "reportJson" }, t("report"));
  const pdf = el("button", { type: "button", id: "reportPdf" }, t("reportPdf"));
  pdf.addEventListener("click", () => void guarded(() => downloadPdf(file)));
  out.replaceChildren(
    el("div", { className: `card overall ${report.status}`, role: "status" }, el("h3", {}, `${t(report.status)} (${report.status})`), el("p", {}, report.statusReason)),
    el("p", { className: "actions" }, json, pdf),
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
    const file = chosen;
    const form = new FormData();
    form.set("file", file);
    showReport(await (await api("/v1/verify", { method: "POST", form })).json(), file);
  });
}
