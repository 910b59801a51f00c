// Admin: officers (register; each certificate's validity in words) and API keys (create, shown
// once; revoke). Every action is a call to the public API.
import { api } from "./api.js";
import { when } from "./desk.js";
import { t } from "./i18n.js";
import { el, guarded, onSubmit, showMessage } from "./ui.js";

const $ = (id) => document.getElementById(id);

function validity(cert) {
  const now = Date.now();
  if (now > Date.parse(cert.notAfter)) return el("span", { className: "bad" }, `✗ ${t("certExpired")}`);
  if (now < Date.parse(cert.notBefore)) return el("span", { className: "bad" }, `✗ ${t("certNotYetValid")}`);
  return el("span", { className: "good" }, `✓ ${t("certValid")}`);
}

export async function loadOfficersTable() {
  const { officers } = await (await api("/v1/officers")).json();
  const head = ["officerId", "name", "designation", "department", "certificate", "notBefore", "notAfter"];
  $("officersResult").replaceChildren(
    el(
      "table",
      { id: "officersTable" },
      el("caption", {}, t("officers")),
      el("thead", {}, el("tr", {}, ...head.map((h) => el("th", { scope: "col" }, t(h))))),
      el(
        "tbody",
        {},
        ...officers.map((o) =>
          el("tr", { "data-officer-id": o.id }, el("td", {}, o.id), el("td", {}, o.name), el("td", {}, o.designation), el("td", {}, o.department), el("td", {}, validity(o.certificate)), el("td", {}, when(o.certificate.notBefore)), el("td", {}, when(o.certificate.notAfter))),
        ),
      ),
    ),
  );
}

export async function loadKeys() {
  const { keys } = await (await api("/v1/keys")).json();
  const head = ["keyId", "role", "name", "keyOfficer", "created", "status", ""];
  $("keysResult").replaceChildren(
    el(
      "table",
      { id: "keysTable" },
      el("caption", {}, t("apiKeys")),
      el("thead", {}, el("tr", {}, ...head.map((h) => el("th", { scope: "col" }, h ? t(h) : "")))),
      el("tbody", {}, ...keys.map(keyRow)),
    ),
  );
}

function keyRow(k) {
  const revoke = el("button", { type: "button", "aria-label": `${t("revoke")} ${k.name} (${k.keyId})` }, t("revoke"));
  revoke.addEventListener("click", () =>
    void guarded(async () => {
      await api(`/v1/keys/${encodeURIComponent(k.keyId)}/revoke`, { method: "POST" });
      showMessage(`${t("keyRevoked")}: ${k.name}`, true);
      await loadKeys();
    }),
  );
  return el(
    "tr",
    { "data-key-id": k.keyId, className: k.revoked ? "revoked" : "" },
    el("td", {}, el("code", {}, k.keyId)),
    el("td", {}, k.role),
    el("td", {}, k.name),
    el("td", {}, k.officerId ?? "—"),
    el("td", {}, when(k.createdAt)),
    el("td", {}, k.revoked ? t("revoked") : t("active")),
    el("td", {}, k.revoked ? "" : revoke),
  );
}

export function initAdmin() {
  $("officersLoad").addEventListener("click", () => void guarded(loadOfficersTable));
  $("keysLoad").addEventListener("click", () => void guarded(loadKeys));
  onSubmit("officerForm", async () => {
    const body = { id: $("offId").value.trim(), name: $("offName").value.trim(), designation: $("offDesignation").value.trim(), department: $("offDepartment").value.trim(), certificatePem: $("offCert").value, p12File: $("offP12").value.trim() };
    const officer = await (await api("/v1/officers", { method: "POST", json: body })).json();
    showMessage(`${t("registered")}: ${officer.id}`, true);
    await loadOfficersTable();
  });
  onSubmit("keyForm", async () => {
    const officerId = $("keyOfficer").value.trim();
    const body = { role: $("keyRole").value, name: $("keyName").value.trim(), ...(officerId ? { officerId } : {}) };
    const { key, record } = await (await api("/v1/keys", { method: "POST", json: body })).json();
    // Shown once, in a read-only field (easy to copy); never stored by the console.
    $("newKey").replaceChildren(el("p", {}, t("newKeyOnce")), el("label", { for: "newKeyValue" }, `${record.name} (${record.role})`), el("input", { id: "newKeyValue", readonly: "", value: key, size: "70" }));
    await loadKeys();
  });
}
