import createClient, { type Client } from "openapi-fetch";
import type { paths } from "./schema.js";

export type { components, operations, paths } from "./schema.js";

export interface MoharClientOptions {
  /** Where mohar serves, e.g. https://mohar.example.gov.in */
  baseUrl: string;
  /** An API key or an e-Office JWT, sent as a Bearer credential; never in a URL. */
  credential?: string;
  fetch?: typeof fetch;
}

/**
 * A typed client for mohar's HTTP API, for e-Office frontends and scripts: every path, parameter,
 * body and answer typed from the OpenAPI document (openapi-fetch over the generated schema.ts).
 */
export function createMoharClient(o: MoharClientOptions): Client<paths> {
  return createClient<paths>({
    baseUrl: o.baseUrl,
    ...(o.credential ? { headers: { Authorization: `Bearer ${o.credential}` } } : {}),
    ...(o.fetch ? { fetch: o.fetch } : {}),
  });
}

/** Sends a typed multipart body (an upload: `file` and its fields) as FormData, the way browsers do. */
export function asMultipart(body: Record<string, string | number | Blob | undefined>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(body)) {
    if (value === undefined) continue;
    if (value instanceof Blob) form.append(name, value, name === "file" ? "document.pdf" : name);
    else form.append(name, String(value));
  }
  return form;
}
