// The console shell: sign-in through a server-side session, language switch, page tabs.
import { initAdmin, loadKeys, loadOfficersTable } from "./admin.js";
import { api, setCsrf } from "./api.js";
import { initAudit } from "./audit.js";
import { initDesk, loadDesk, loadOfficers, refreshDesk } from "./desk.js";
import { initDocuments, openDocument } from "./documents.js";
import { currentLang, setLang, t } from "./i18n.js";
import { initReports } from "./reports.js";
import { initSign, prefillSign } from "./sign.js";
import { guarded, onSubmit } from "./ui.js";
import { initVerify } from "./verify.js";

const $ = (id) => document.getElementById(id);
let actor = null;

function showPage(name) {
  for (const section of document.querySelectorAll(".page")) section.hidden = section.id !== name;
  for (const b of document.querySelectorAll("#tabs button")) {
    if (b.dataset.page === name) b.setAttribute("aria-current", "page");
    else b.removeAttribute("aria-current");
  }
  if (name === "admin") void guarded(async () => { await Promise.all([loadOfficersTable(), loadKeys()]); });
}

function signedIn(session) {
  actor = session.actor;
  setCsrf(session.csrf);
  $("signIn").hidden = true;
  $("tabs").hidden = false;
  $("signOut").hidden = false;
  $("who").textContent = `${t("signedIn")} ${actor.id} (${actor.roles.join(", ")})`;
  const role = actor.roles[0];
  // Clerks and officers start at their desk; an auditor at verification; others at documents.
  const deskWork = actor.roles.some((r) => r === "clerk" || r === "officer" || r === "admin");
  $("tabs").querySelector('[data-page="desk"]').hidden = !deskWork;
  $("tabs").querySelector('[data-page="admin"]').hidden = !actor.roles.includes("admin");
  $("tabs").querySelector('[data-page="reports"]').hidden = !actor.roles.some((r) => r === "officer" || r === "auditor" || r === "admin");
  showPage(deskWork ? "desk" : role === "auditor" ? "verify" : "documents");
  if (deskWork) {
    void guarded(loadDesk);
    void loadOfficers();
  }
}

function init() {
  setLang("en");
  $("lang").addEventListener("click", () => {
    setLang(currentLang() === "en" ? "hi" : "en");
    $("lang").textContent = currentLang() === "en" ? "हिन्दी" : "English";
    $("lang").lang = currentLang() === "en" ? "hi" : "en";
    if (actor) $("who").textContent = `${t("signedIn")} ${actor.id} (${actor.roles.join(", ")})`;
    if (actor && !$("tabs").querySelector('[data-page="desk"]').hidden) void guarded(refreshDesk);
  });
  for (const b of document.querySelectorAll("#tabs button")) b.addEventListener("click", () => showPage(b.dataset.page));
  onSubmit("signInForm", async () => {
    const credential = $("credential").value;
    $("credential").value = "";
    signedIn(await (await api("/v1/console/session", { method: "POST", json: { credential } })).json());
  });
  $("signOut").addEventListener("click", () =>
    void guarded(async () => {
      await api("/v1/console/session", { method: "DELETE" });
      location.reload();
    }),
  );
  initDocuments({ onSign: (id) => { showPage("sign"); prefillSign(id); } });
  initDesk({
    onOpenDocument: async (id) => { showPage("documents"); await openDocument(id); },
    onSign: (id) => { showPage("sign"); prefillSign(id); },
    actor: () => actor,
  });
  initSign({ officerId: () => actor?.officerId ?? "", afterSign: async (id) => { showPage("documents"); await openDocument(id); } });
  initVerify();
  initAudit();
  initReports({ onOpenDocument: async (id) => { showPage("documents"); await openDocument(id); } });
  initAdmin();
  // A session cookie from before a reload: resume it quietly, otherwise show the sign-in form.
  fetch("/v1/console/session", { credentials: "same-origin" })
    .then((res) => (res.ok ? res.json() : null))
    .then((session) => (session?.actor ? signedIn(session) : undefined))
    .catch(() => undefined);
}

init();
