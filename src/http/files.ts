import express, { Router, type Request } from "express";
import { MoharError } from "../errors.js";
import type { FileActor, FileChange, FileQueries, FileService, FileView } from "../files/index.js";
import { holderOf } from "../files/index.js";
import { actorOf } from "./actor.js";
import { audited, type AuditSink } from "./auditTrail.js";
import { route } from "./route.js";

export interface FileServices {
  files: FileService;
  fileQueries: FileQueries;
}

const json = express.json({ limit: "64kb" });

function fileActor(req: Request): FileActor {
  const actor = actorOf(req);
  return { id: actor.id, officerId: actor.officerId, admin: actor.roles.includes("admin") };
}

/** If-Match: "N" (or N) -> the file version the caller saw. */
function expectedVersion(req: Request): number | undefined {
  const raw = req.headers["if-match"];
  if (raw === undefined) return undefined;
  const m = /^\s*(?:W\/)?"?([1-9]\d{0,9})"?\s*$/.exec(raw);
  if (!m) throw new MoharError("file.bad_if_match", 'If-Match must be a file version, e.g. "3"');
  return Number(m[1]);
}

function query(req: Request, name: string): string | undefined {
  const v = req.query[name];
  if (v === undefined || v === "") return undefined;
  if (typeof v !== "string") throw new MoharError("request.repeated_query", `${name} must be given once`);
  return v;
}

const fileId = (req: Request) => String(req.params.fileId);
const sendFile = (res: express.Response, status: number, file: FileView) => res.status(status).set("ETag", `"${file.version}"`).json(file);

/** Files and their custody; each change is recorded in the audit log (see auditTrail.ts). */
export function filesRouter(s: FileServices, sink: AuditSink): Router {
  const r = Router();

  route(
    r,
    "openFile",
    json,
    audited(sink, "openFile", async (req, res, audit) => {
      const { file, event } = await s.files.create(fileActor(req), req.body);
      await audit({ fileId: file.id, fileEvent: event, detail: `file ${file.id} (${file.fileNumber}) opened in ${file.office}, with ${file.holder.kind} ${file.holder.id}` });
      res.location(`/v1/files/${file.id}`);
      sendFile(res, 201, file);
    }),
  );

  route(r, "listFiles", async (req, res) => {
    res.json({ files: await s.fileQueries.list({ office: query(req, "office"), holder: query(req, "holder"), status: query(req, "status") }) });
  });

  route(r, "getFile", async (req, res) => {
    sendFile(res, 200, await s.files.get(fileId(req)));
  });

  route(r, "listMovements", async (req, res) => {
    res.json({ fileId: fileId(req), movements: await s.fileQueries.movements(fileId(req)) });
  });

  route(
    r,
    "forwardFile",
    json,
    audited(sink, "forwardFile", async (req, res, audit) => {
      const { file, step, to, event } = await s.files.forward(fileActor(req), fileId(req), req.body, expectedVersion(req));
      await audit({ fileId: file.id, fileEvent: event, detail: `file ${file.id} step ${step}: forwarded to ${to.kind} ${to.id}` });
      res.location(`/v1/files/${file.id}/movements`);
      sendFile(res, 201, file);
    }),
  );

  const statusChange = (id: "receiveFile" | "parkFile" | "closeFile" | "reopenFile", what: string, change: (actor: FileActor, id: string) => Promise<FileChange>) =>
    route(
      r,
      id,
      audited(sink, id, async (req, res, audit) => {
        const { file, event } = await change(fileActor(req), fileId(req));
        await audit({ fileId: file.id, fileEvent: event, detail: `file ${file.id}: ${what} by ${req.actor?.id}; now ${file.status}, with ${file.holder.kind} ${file.holder.id}` });
        sendFile(res, 200, file);
      }),
    );
  statusChange("receiveFile", "receive", (a, id) => s.files.receive(a, id));
  statusChange("parkFile", "park", (a, id) => s.files.park(a, id));
  statusChange("closeFile", "close", (a, id) => s.files.close(a, id));
  statusChange("reopenFile", "reopen", (a, id) => s.files.reopen(a, id));

  route(
    r,
    "attachDocument",
    json,
    audited(sink, "attachDocument", async (req, res, audit) => {
      const { file, documentId, event } = await s.files.attachDocument(fileActor(req), fileId(req), req.body);
      await audit({ documentId, fileId: file.id, fileEvent: event, detail: `file ${file.id}: document ${documentId} attached` });
      sendFile(res, 201, file);
    }),
  );

  route(r, "myPending", async (req, res) => {
    const holder = holderOf(fileActor(req));
    res.json({ holder, pending: await s.fileQueries.pending(holder) });
  });

  route(r, "officerPending", async (req, res) => {
    const holder = { kind: "officer" as const, id: String(req.params.id) };
    res.json({ holder, pending: await s.fileQueries.pending(holder) });
  });

  return r;
}
