import { Router, type Request } from "express";
import { MoharError } from "../errors.js";
import { DOCUMENT_ID, exportChunks, MAX_PAGE, timeline, type AuditLog } from "../audit/index.js";
import { route } from "./route.js";

function intParam(req: Request, name: string, fallback?: number): number {
  const raw = req.query[name];
  if (raw === undefined || raw === "") {
    if (fallback !== undefined) return fallback;
    throw new MoharError("audit.bad_query", `query parameter ${name} is required`);
  }
  if (typeof raw !== "string" || !/^\d{1,15}$/.test(raw)) {
    throw new MoharError("audit.bad_query", `query parameter ${name} must be a non-negative integer`);
  }
  return Number(raw);
}

function documentIdParam(value: unknown): string {
  if (typeof value !== "string" || !DOCUMENT_ID.test(value)) {
    throw new MoharError("audit.bad_query", `documentId must match ${DOCUMENT_ID.source}`);
  }
  return value;
}

/** Read-only views of the audit log: checkpoint, entries, proofs, export, document timeline. */
export function auditRouter(audit: AuditLog): Router {
  const r = Router();

  route(r, "getCheckpoint", (req, res) => {
    const signed = audit.checkpoint;
    const cosigning = audit.cosigningStatus();
    // With a witness quorum, only a checkpoint the quorum cosigned is published (as text and JSON alike).
    const published = audit.published;
    if (cosigning && cosigning.quorum > 0 && !published) throw new MoharError("audit.not_cosigned", `no checkpoint has been cosigned by ${cosigning.quorum} witness(es) yet; the newest signed one (size ${signed.size}) waits for them`);
    const cp = published ?? signed;
    if (req.query.format !== "json") {
      res.type("text/plain; charset=utf-8").send(cp.note);
      return;
    }
    const named = (c: { size: number; note: string } | null) => (c ? { size: c.size, note: c.note } : null);
    res.json({
      origin: audit.origin,
      size: cp.size,
      root: cp.root.toString("hex"),
      time: cp.time ?? null,
      publicKey: audit.publicKey.toString("base64"),
      verifierKey: audit.verifierKey,
      note: cp.note,
      ...(cosigning ? { cosigning: { ...cosigning, signed: named(signed), published: named(published) } } : {}),
    });
  });

  route(r, "listAuditEntries", async (req, res) => {
    if (req.query.documentId !== undefined) {
      const documentId = documentIdParam(req.query.documentId);
      const page = await audit.entriesForDocument(documentId, intParam(req, "from", 0));
      res.json({ documentId, size: audit.size, ...page });
      return;
    }
    const from = intParam(req, "from", 0);
    const to = Math.min(intParam(req, "to", from + 100), from + MAX_PAGE, audit.size);
    res.json({ size: audit.size, from, to: Math.max(from, to), entries: await audit.entries(from, to) });
  });

  route(r, "getInclusionProof", async (req, res) => {
    res.json(await audit.inclusionProof(intParam(req, "seq"), intParam(req, "treeSize", audit.size)));
  });

  route(r, "getConsistencyProof", async (req, res) => {
    res.json(await audit.consistencyProof(intParam(req, "from"), intParam(req, "to", audit.size)));
  });

  route(r, "exportAudit", async (_req, res) => {
    const chunks = exportChunks(audit);
    // Pull the first chunk before committing to a 200, so an early failure is still a problem+json.
    const first = await chunks.next();
    res.type("application/json").setHeader("Content-Disposition", 'attachment; filename="mohar-audit-export.json"');
    if (!first.done) res.write(first.value);
    for await (const chunk of chunks) {
      if (!res.write(chunk)) await new Promise((resolve) => res.once("drain", resolve));
    }
    res.end();
  });

  route(r, "getTimeline", async (req, res) => {
    const documentId = documentIdParam(req.params.id);
    // `next` is the seq to ask for with ?from= to read on, or null on the last page.
    const { entries, next } = await audit.entriesForDocument(documentId, intParam(req, "from", 0));
    res.json({ documentId, steps: timeline(entries), next });
  });

  return r;
}
