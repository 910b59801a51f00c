import fs from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import type { DevEspStep, DevResident } from "../../src/esign/index.js";
import type { TestServer } from "../helpers/server.js";

export const residents = JSON.parse(fs.readFileSync(path.resolve("certs-dev/esp/residents.json"), "utf8")) as DevResident[];
export const aadhaarOf = (officerId: string): string => (residents.find((r) => r.officerId === officerId) as DevResident).aadhaar;
export const espCaPem = fs.readFileSync(path.resolve("certs-dev/esp/ca.pem"), "utf8");

export interface Started {
  txn: string;
  expiresAt: string;
  form: { action: string; method: string; fields: Record<string, string> };
  documents: Array<{ documentId: string; version: number }>;
}

export async function upload(srv: TestServer, title = "Sanction of leave"): Promise<string> {
  const form = new FormData();
  form.append("title", title);
  form.append("fileNumber", "F.No. 1/2/2026-Estt");
  form.append("kind", "letter");
  form.append("file", new Blob([fs.readFileSync(path.resolve("samples/notesheet-en.pdf"))], { type: "application/pdf" }), "letter.pdf");
  const res = await srv.request("/v1/documents", { method: "POST", body: form, as: "clerk" });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

/** Posts a form the way a browser does (urlencoded), asking for JSON. */
export function postForm(url: string, fields: Record<string, string>): Promise<Response> {
  return fetch(url, { method: "POST", body: new URLSearchParams(fields), headers: { accept: "application/json" } });
}

/** The browser's round trip through the development ESP: its form, then the Aadhaar number and OTP. */
export async function throughEsp(form: Started["form"], aadhaar: string, otp = "123456"): Promise<Extract<DevEspStep, { kind: "respond" }>> {
  const first = await postForm(form.action, form.fields);
  expect(first.status).toBe(200);
  const step = (await first.json()) as DevEspStep;
  if (step.kind === "respond") return step;
  const second = await postForm(new URL("/v1/dev/esp/authenticate", form.action).href, { espTxnID: step.espTxnID, aadhaar, otp });
  expect(second.status).toBe(200);
  return (await second.json()) as Extract<DevEspStep, { kind: "respond" }>;
}

/** The browser bringing the ESP's answer to mohar's responseUrl. */
export function deliver(step: Extract<DevEspStep, { kind: "respond" }>, eSignResponse = step.eSignResponse): Promise<Response> {
  return postForm(step.responseUrl, { eSignResponse, espTxnID: step.espTxnID });
}
