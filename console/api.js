// The public HTTP API, called with the session cookie; state-changing calls carry the CSRF token.
let csrf = null;

export function setCsrf(token) {
  csrf = token;
}

export class ApiError extends Error {
  constructor(status, detail, code) {
    super(detail);
    this.status = status;
    this.code = code;
  }
}

export async function api(path, { method = "GET", json, form, accept, headers: extra = {} } = {}) {
  const headers = { ...extra };
  if (method !== "GET" && csrf) headers["X-Mohar-CSRF"] = csrf;
  if (accept) headers.Accept = accept;
  let body;
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  } else if (form) body = form;
  let res;
  try {
    res = await fetch(path, { method, headers, body, credentials: "same-origin" });
  } catch {
    throw new ApiError(0, "", "network");
  }
  if (!res.ok) {
    let detail = `${res.status} ${res.statusText}`;
    let code;
    try {
      const problem = await res.json();
      detail = problem.detail ?? problem.title ?? detail;
      code = problem.code;
    } catch {
      // Not problem+json: the status line is the best description there is.
    }
    throw new ApiError(res.status, detail, code);
  }
  return res;
}
