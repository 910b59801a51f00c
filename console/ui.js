import { ApiError } from "./api.js";
import { t } from "./i18n.js";

/** A DOM element with text content only (never HTML from the server). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "className") node.className = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c instanceof Node ? c : String(c));
  return node;
}

export function showMessage(text, ok = false) {
  const box = document.getElementById("message");
  box.textContent = text;
  box.className = ok ? "ok" : "";
  box.hidden = false;
}

export function clearMessage() {
  document.getElementById("message").hidden = true;
}

/** Runs an action, turning any failure into a readable message instead of a broken page. */
export async function guarded(action) {
  clearMessage();
  try {
    await action();
  } catch (err) {
    // A problem code with a console string of its own is said in the chosen language.
    const said = err instanceof ApiError && err.code && t(err.code) !== err.code ? t(err.code) : null;
    if (said) showMessage(said);
    else if (err instanceof ApiError) showMessage(err.status === 0 ? t("networkError") : `${t("failed")}: ${err.message}`);
    else showMessage(`${t("failed")}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export function onSubmit(id, action) {
  document.getElementById(id).addEventListener("submit", (e) => {
    e.preventDefault();
    void guarded(action);
  });
}
