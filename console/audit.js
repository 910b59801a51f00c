// Audit: the signed checkpoint (its Ed25519 signature checked here), a document's timeline, and an
// inclusion proof checked in the browser with WebCrypto, hashing as the log does (RFC 9162:
// leaf = SHA-256(0x00 || entry), node = SHA-256(0x01 || left || right)).
import { api } from "./api.js";
import { when } from "./desk.js";
import { t } from "./i18n.js";
import { el, guarded, onSubmit } from "./ui.js";

const $ = (id) => document.getElementById(id);
const hex = (bytes) => [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
const unhex = (s) => Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16));
const unbase64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

async function sha256(...parts) {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return new Uint8Array(await crypto.subtle.digest("SHA-256", all));
}

/** The entry's canonical bytes, exactly as the log encodes them (fixed key order, absent fields left out). */
function entryBytes(e) {
  const o = { seq: e.seq, time: e.time, actor: e.actor, action: e.action };
  for (const k of ["documentId", "version", "sha256", "fileId", "fileEvent"]) if (e[k] !== undefined) o[k] = e[k];
  o.outcome = e.outcome;
  for (const k of ["detail", "requestId"]) if (e[k] !== undefined) o[k] = e[k];
  o.prevHash = e.prevHash;
  return new TextEncoder().encode(JSON.stringify(o));
}

/** RFC 9162 section 2.1.3.2: the root an inclusion proof gives for leaf `index` of a tree of `size`. */
export async function rootFromInclusionProof(index, size, leaf, proof) {
  if (index >= size) return null;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = await sha256(Uint8Array.of(1), p, r);
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
    } else r = await sha256(Uint8Array.of(1), r, p);
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

/** The checkpoint note's body and whether its Ed25519 signature by the log's key verifies (null: cannot check here). */
async function readCheckpoint() {
  const cp = await (await api("/v1/audit/checkpoint?format=json")).json();
  const split = cp.note.indexOf("\n\n");
  const body = cp.note.slice(0, split + 1);
  const [origin, size, root] = body.split("\n");
  let signed = false;
  try {
    const key = await crypto.subtle.importKey("raw", unbase64(cp.publicKey), { name: "Ed25519" }, false, ["verify"]);
    for (const line of cp.note.slice(split + 2).split("\n")) {
      const m = /^\u2014 (\S+) (\S+)$/.exec(line);
      if (!m || m[1] !== cp.verifierKey.split("+")[0]) continue;
      const blob = unbase64(m[2]);
      if (await crypto.subtle.verify({ name: "Ed25519" }, key, blob.slice(4), new TextEncoder().encode(body))) signed = true;
    }
  } catch {
    signed = null;
  }
  return { origin, size: Number(size), root: unbase64(root), note: cp.note, verifierKey: cp.verifierKey, signed };
}

function signatureWords(signed) {
  return el("p", { className: signed === true ? "good" : signed === false ? "bad" : "unsure", "data-signed": String(signed) }, t(signed === true ? "sigOk" : signed === false ? "sigBad" : "sigUnchecked"));
}

async function showCheckpoint() {
  const cp = await readCheckpoint();
  $("checkpoint").textContent = cp.note;
  $("checkpointSig").replaceChildren(signatureWords(cp.signed));
}

async function checkProof(seq) {
  const cp = await readCheckpoint();
  const { entries } = await (await api(`/v1/audit/entries?from=${seq}&to=${seq + 1}`)).json();
  const entry = entries[0];
  const proof = await (await api(`/v1/audit/proofs/inclusion?seq=${seq}&treeSize=${cp.size}`)).json();
  const leaf = await sha256(Uint8Array.of(0), entryBytes(entry));
  const root = await rootFromInclusionProof(seq, cp.size, leaf, proof.proof.map(unhex));
  const ok = root !== null && hex(root) === hex(cp.root);
  $("proofResult").replaceChildren(
    el("div", { className: `card ${ok ? "TOTAL_PASSED" : "TOTAL_FAILED"}`, role: "status", "data-included": String(ok) },
      el("h4", {}, ok ? `✓ ${t("proofOk")}` : `✗ ${t("proofBad")}`),
      signatureWords(cp.signed),
      el("p", {}, `${t("entry")} ${entry.seq} · ${when(entry.time)} · ${entry.actor} · ${entry.action} · ${entry.outcome}`),
      el("p", {}, `${t("treeSize")} ${cp.size} · ${t("root")} `, el("code", {}, hex(cp.root))),
    ),
  );
}

export function initAudit() {
  $("checkpointLoad").addEventListener("click", () => void guarded(showCheckpoint));
  onSubmit("timelineForm", async () => {
    const id = $("timelineDoc").value.trim();
    const { steps } = await (await api(`/v1/documents/${encodeURIComponent(id)}/timeline`)).json();
    $("timeline").replaceChildren(
      ...steps.map((s) => {
        const check = el("button", { type: "button", "data-seq": String(s.seq), "aria-label": `${t("checkProof")}: ${t("entry")} ${s.seq}` }, t("checkProof"));
        check.addEventListener("click", () => {
          $("proofSeq").value = String(s.seq);
          void guarded(() => checkProof(s.seq));
        });
        return el("li", {}, `${when(s.time)} · ${s.action} · ${s.actor ?? ""} · ${s.outcome ?? ""} `, check);
      }),
    );
  });
  onSubmit("proofForm", () => checkProof(Number($("proofSeq").value)));
}
