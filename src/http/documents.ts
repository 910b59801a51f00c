import { Router, type Request, type Response } from "express";
import { pipeline } from "node:stream/promises";
import type { Config } from "../config.js";
import { MoharError } from "../errors.js";
import type { Vault, VersionRecord } from "../vault/index.js";
import { actorOf } from "./actor.js";
import { audited, recorderOf, type AuditFacts, type AuditSink } from "./auditTrail.js";
import { allowFramingBy } from "./cors.js";
import { pinnedVersion } from "./preconditions.js";
import { sendProblem } from "./problem.js";
import { route } from "./route.js";
import { pdfUpload, uploadedFile } from "./upload.js";
import { DocumentVersions } from "../signatures/index.js";
import type { EventSink } from "./webhookEvents.js";

function uploaderOf(req: Request): string {
  return actorOf(req).id;
}

function versionNumber(id: string, raw: string): number {
  if (!/^[1-9]\d{0,9}$/.test(raw)) throw new MoharError("version.not_found", `document ${id} has no version ${raw}`);
  return Number(raw);
}

function optionalVersionField(name: "derivedFrom" | "expectedVersion", raw: unknown): number | undefined {
  if (raw === undefined || raw === "") return undefined;
  if (typeof raw === "string" && /^[1-9]\d{0,9}$/.test(raw)) return Number(raw);
  throw new MoharError(`request.bad_${name}`, `${name} must be a version number`);
}

function field(req: Request, name: string): unknown {
  return (req.body as Record<string, unknown> | undefined)?.[name];
}

function versionSummary(id: string, v: VersionRecord) {
  return { id, version: v.n, ...v };
}

/**
 * Documents and their versions: upload, revise, list, describe, download (with Range).
 * Uploads and revisions are `signatures/documentVersions.ts`' use cases (stored, audited, told);
 * downloads, and failed attempts at any of them, go to the audit log.
 */
export function documentsRouter(vault: Vault, config: Pick<Config, "maxUploadBytes" | "corsOrigins">, sink: AuditSink & EventSink): Router {
  const r = Router();
  const upload = pdfUpload(config.maxUploadBytes);
  const documents = new DocumentVersions({ vault, webhooks: sink.webhooks });

  route(
    r,
    "uploadDocument",
    upload,
    audited(sink, "uploadDocument", async (req, res, audit) => {
      const { document, version } = await documents.create(recorderOf(req, audit), {
        pdf: uploadedFile(req.file),
        title: field(req, "title") as string,
        fileNumber: field(req, "fileNumber") as string,
        kind: field(req, "kind") as string,
        createdBy: uploaderOf(req),
      });
      res.status(201).location(`/v1/documents/${document.id}`).json({ ...document, ...versionSummary(document.id, version) });
    }),
  );

  route(r, "listDocuments", async (req, res) => {
    const fileNumber = req.query.fileNumber;
    if (typeof fileNumber !== "string" || fileNumber.trim() === "") {
      throw new MoharError("request.file_number_required", "the query parameter fileNumber is required");
    }
    res.json({ fileNumber, documents: await vault.listByFileNumber(fileNumber) });
  });

  route(r, "getDocument", async (req, res) => {
    res.json(await vault.getDocument(String(req.params.id)));
  });

  route(
    r,
    "addVersion",
    upload,
    audited(sink, "addVersion", async (req, res, audit) => {
      const id = String(req.params.id);
      const pinned = await pinnedVersion(req, vault, id, optionalVersionField("expectedVersion", field(req, "expectedVersion")));
      const derivedFrom = optionalVersionField("derivedFrom", field(req, "derivedFrom"));
      const version = await documents.revise(recorderOf(req, audit), id, pinned, { pdf: uploadedFile(req.file), uploader: uploaderOf(req), derivedFrom });
      res.status(201).location(`/v1/documents/${id}/versions/${version.n}/content`).json(versionSummary(id, version));
    }),
  );

  route(
    r,
    "getVersionContent",
    audited(sink, "getVersionContent", async (req, res, audit) => {
      allowFramingBy(res, config.corsOrigins);
      await sendVersion(vault, req as Request<{ id: string; n: string }>, res, audit);
    }),
  );

  return r;
}

/**
 * RFC 9110 If-None-Match, evaluated here rather than with `req.fresh`, which gives up when
 * the client also sends `Cache-Control: no-cache` (as fetch does for conditional requests).
 */
function matchesIfNoneMatch(header: string | undefined, sha256: string): boolean {
  if (!header) return false;
  return header.split(",").some((tag) => {
    const t = tag.trim();
    return t === "*" || t.replace(/^W\//, "") === `"${sha256}"`;
  });
}

/**
 * Streams a version with its sha256 as a strong ETag; honours If-None-Match and one byte range.
 * Every transfer of content is audited first (a 304 transfers nothing and is not).
 */
async function sendVersion(
  vault: Vault,
  req: Request<{ id: string; n: string }>,
  res: Response,
  audit: (facts: AuditFacts) => Promise<unknown>,
): Promise<void> {
  const id = req.params.id;
  const n = versionNumber(id, req.params.n);
  const record = await vault.versionRecord(id, n);
  // Set only once the outcome is known, so an error response never carries caching headers.
  const contentHeaders = {
    ETag: `"${record.sha256}"`,
    "Accept-Ranges": "bytes",
    "Content-Type": "application/pdf",
    "Content-Disposition": `inline; filename="${id}-v${n}.pdf"`,
    "Cache-Control": "private, max-age=31536000, immutable",
  };
  if (matchesIfNoneMatch(req.headers["if-none-match"], record.sha256)) {
    res.set(contentHeaders).status(304).end();
    return;
  }
  const ranges = req.headers.range ? req.range(record.size) : undefined;
  if (ranges === -1) {
    // RFC 9110 15.5.17: only the size; the problem body is no representation to cache or validate.
    res.set("Content-Range", `bytes */${record.size}`);
    sendProblem(res, "range.not_satisfiable", `the requested range is outside the ${record.size} bytes of version ${n}`);
    return;
  }
  // A malformed or multi-part Range is ignored and the whole file sent, as RFC 9110 allows.
  const range = Array.isArray(ranges) && ranges.length === 1 && ranges.type === "bytes" ? ranges[0] : undefined;
  const body = await vault.openVersion(id, n, range);
  try {
    await audit({ documentId: id, version: n, sha256: record.sha256, detail: range ? `bytes ${range.start}-${range.end}` : undefined });
  } catch (err) {
    body.destroy();
    throw err;
  }
  res.set(contentHeaders);
  if (range) {
    res.status(206).set("Content-Range", `bytes ${range.start}-${range.end}/${record.size}`);
    res.set("Content-Length", String(range.end - range.start + 1));
  } else {
    res.set("Content-Length", String(record.size));
  }
  try {
    await pipeline(body, res);
  } catch (err) {
    // Headers are out; all that is left is to cut the connection.
    req.log?.warn({ err }, "download interrupted");
    res.destroy();
  }
}
