import { once } from "node:events";
import fs from "node:fs/promises";
import path from "node:path";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseApiKey } from "../../src/auth/index.js";
import { ConsoleSessions, consoleSessionRouter } from "../../src/http/consoleSession.js";
import { REVOCATION_SOURCE_WORDS } from "../../src/verification/index.js";
import { makePdf } from "../helpers/pdfs.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv.close());

interface Session {
  cookie: string;
  setCookie: string;
  csrf: string;
}

async function signIn(credential: string): Promise<Session> {
  const res = await srv.request("/v1/console/session", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ credential }) });
  expect(res.status).toBe(201);
  const setCookie = res.headers.get("set-cookie") ?? "";
  const body = (await res.json()) as { csrf: string; actor: { roles: string[] } };
  return { cookie: setCookie.split(";")[0] as string, setCookie, csrf: body.csrf };
}

function uploadForm(pdf: Buffer): FormData {
  const form = new FormData();
  form.append("title", "Console upload");
  form.append("fileNumber", "F.No. 1/2/2026-Console");
  form.append("kind", "letter");
  form.append("file", new Blob([pdf], { type: "application/pdf" }), "a.pdf");
  return form;
}

describe("console session", () => {
  it("sets an opaque HttpOnly SameSite=Strict cookie that holds no part of the secret", async () => {
    const s = await signIn(srv.keys.clerk);
    expect(s.setCookie).toMatch(/^mohar_session=[A-Za-z0-9_-]{43}; /);
    expect(s.setCookie).toContain("HttpOnly");
    expect(s.setCookie).toContain("SameSite=Strict");
    expect(s.setCookie).toContain("Path=/");
    // Plain http on loopback: Secure would make the browser drop it; over https (req.secure) it is added.
    expect(s.setCookie).not.toContain("Secure");
    const { keyId, secret } = parseApiKey(srv.keys.clerk) as { keyId: string; secret: string };
    expect(s.setCookie).not.toContain(secret);
    expect(s.setCookie).not.toContain(keyId);
    expect(s.csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("marks the cookie Secure when the request came over https (here: a trusted proxy's X-Forwarded-Proto)", async () => {
    const app = express();
    app.set("trust proxy", true);
    app.use(consoleSessionRouter(new ConsoleSessions(), srv.running.services.authenticator));
    const server = app.listen(0, "127.0.0.1");
    await once(server, "listening");
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/v1/console/session`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Forwarded-Proto": "https" },
        body: JSON.stringify({ credential: srv.keys.clerk }),
      });
      expect(res.status).toBe(201);
      expect(res.headers.get("set-cookie")).toMatch(/; HttpOnly; SameSite=Strict; Max-Age=\d+; Secure$/);
    } finally {
      server.close();
    }
  });

  it("authenticates reads with the cookie alone and answers who is signed in", async () => {
    const s = await signIn(srv.keys.auditor);
    const me = await srv.request("/v1/console/session", { headers: { Cookie: s.cookie } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { actor: { roles: string[] } }).actor.roles).toEqual(["auditor"]);
    const cp = await srv.request("/v1/audit/checkpoint", { headers: { Cookie: s.cookie } });
    expect(cp.status).toBe(200);
  });

  it("refuses a state-changing request with the cookie but without the CSRF header, or with another session's token", async () => {
    const s = await signIn(srv.keys.clerk);
    const other = await signIn(srv.keys.clerk);
    const pdf = await makePdf();
    const none = await srv.request("/v1/documents", { method: "POST", headers: { Cookie: s.cookie }, body: uploadForm(pdf) });
    expect(none.status).toBe(403);
    expect(((await none.json()) as { code: string }).code).toBe("console.csrf");
    const wrong = await srv.request("/v1/documents", { method: "POST", headers: { Cookie: s.cookie, "X-Mohar-CSRF": other.csrf }, body: uploadForm(pdf) });
    expect(wrong.status).toBe(403);
    const ok = await srv.request("/v1/documents", { method: "POST", headers: { Cookie: s.cookie, "X-Mohar-CSRF": s.csrf }, body: uploadForm(pdf) });
    expect(ok.status).toBe(201);
  });

  it("refuses a cross-origin state-changing request even with the right token", async () => {
    const s = await signIn(srv.keys.clerk);
    const res = await srv.request("/v1/documents", {
      method: "POST",
      headers: { Cookie: s.cookie, "X-Mohar-CSRF": s.csrf, Origin: "https://evil.example" },
      body: uploadForm(await makePdf()),
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { code: string }).code).toBe("console.cross_origin");
  });

  it("refuses a wrong key, a non-JSON sign-in and a cross-origin sign-in, without a cookie", async () => {
    const wrong = await srv.request("/v1/console/session", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ credential: "mohar_nope_nope" }) });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("set-cookie")).toBeNull();
    const form = await srv.request("/v1/console/session", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: `credential=${srv.keys.clerk}` });
    expect(form.status).toBe(415);
    const cross = await srv.request("/v1/console/session", {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: "https://evil.example" },
      body: JSON.stringify({ credential: srv.keys.clerk }),
    });
    expect(cross.status).toBe(403);
    expect(cross.headers.get("set-cookie")).toBeNull();
  });

  it("signs out: the session id stops working; sign-out itself needs the CSRF header", async () => {
    const s = await signIn(srv.keys.auditor);
    const refused = await srv.request("/v1/console/session", { method: "DELETE", headers: { Cookie: s.cookie } });
    expect(refused.status).toBe(403);
    const out = await srv.request("/v1/console/session", { method: "DELETE", headers: { Cookie: s.cookie, "X-Mohar-CSRF": s.csrf } });
    expect(out.status).toBe(204);
    expect(out.headers.get("set-cookie")).toMatch(/^mohar_session=; .*Max-Age=0/);
    const me = await srv.request("/v1/console/session", { headers: { Cookie: s.cookie } });
    expect(await me.json()).toEqual({ actor: null, csrf: null });
    const after = await srv.request("/v1/audit/checkpoint", { headers: { Cookie: s.cookie } });
    expect(after.status).toBe(401);
    expect(((await after.json()) as { code: string }).code).toBe("console.session_expired");
  });

  it("stops a session whose API key was revoked", async () => {
    const key = await srv.createKey("auditor");
    const s = await signIn(key);
    await srv.running.services.authenticator.apiKeys.revoke((parseApiKey(key) as { keyId: string }).keyId);
    const res = await srv.request("/v1/audit/checkpoint", { headers: { Cookie: s.cookie } });
    expect(res.status).toBe(401);
  });

  it("serves the console, pdf.js and the Devanagari font itself", async () => {
    const root = await srv.request("/");
    expect(root.status).toBe(200);
    const bare = await srv.request("/console", { redirect: "manual" });
    expect(bare.status).toBe(301);
    expect(bare.headers.get("location")).toBe("/console/");
    const html = await srv.request("/console/");
    expect(await root.text()).toBe(await html.clone().text());
    expect(html.headers.get("content-type")).toMatch(/text\/html/);
    const body = await html.text();
    expect(body).not.toMatch(/https?:\/\//);
    for (const asset of ["/console/app.js", "/console/vendor/pdfjs/pdf.min.mjs", "/console/vendor/pdfjs/pdf.worker.min.mjs", "/console/fonts/NotoSansDevanagari_400Regular.ttf"]) {
      const res = await srv.request(asset);
      expect(res.status, asset).toBe(200);
    }
    expect((await srv.request("/console/nope.js")).status).toBe(404);
  });

  it("serves the revocation sources' words from the server's one home as a module the console's strings import", async () => {
    const res = await srv.request("/console/revocationWords.js");
    expect(res.headers.get("content-type")).toMatch(/^text\/javascript/);
    const served = (await import(`data:text/javascript,${encodeURIComponent(await res.text())}`)) as { REVOCATION_SOURCE_WORDS: unknown };
    expect(served.REVOCATION_SOURCE_WORDS).toEqual(REVOCATION_SOURCE_WORDS);
    const i18n = await fs.readFile(path.join(import.meta.dirname, "../../console/i18n.js"), "utf8");
    expect(i18n).toContain('import { REVOCATION_SOURCE_WORDS } from "./revocationWords.js";');
    expect(i18n).not.toContain(REVOCATION_SOURCE_WORDS.hi.crl_dir);
  });
});
