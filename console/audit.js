import { api } from "./api.js";
import { el, guarded, onSubmit } from "./ui.js";

const $ = (id) => document.getElementById(id);

export function initAudit() {
  $("checkpointLoad").addEventListener("click", () =>
    void guarded(async () => {
      $("checkpoint").textContent = await (await api("/v1/audit/checkpoint")).text();
    }),
  );
  onSubmit("timelineForm", async () => {
    const id = $("timelineDoc").value.trim();
    const { steps } = await (await api(`/v1/documents/${encodeURIComponent(id)}/timeline`)).json();
    $("timeline").replaceChildren(...steps.map((s) => el("li", {}, `${s.time} · ${s.action} · ${s.actor ?? ""} ${s.outcome ?? ""}`)));
  });
}
