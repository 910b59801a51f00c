import { Router } from "express";
import type { Config } from "../config.js";
import { MoharError } from "../errors.js";
import type { Vault } from "../vault/index.js";
import type { Verifier } from "../verification/index.js";
import { pdfUpload, uploadedFile } from "./upload.js";

/**
 * Verification reports: of an uploaded PDF, and of a stored version. A failing signature is
 * still a 200 with its report; only input that is not a readable PDF gets a 4xx.
 */
export function verifyRouter(verifier: Verifier, vault: Vault, config: Pick<Config, "maxUploadBytes">): Router {
  const r = Router();
  r.post("/v1/verify", pdfUpload(config.maxUploadBytes), (req, res) => {
    res.json(verifier.verify(uploadedFile(req.file)));
  });
  r.get("/v1/documents/:id/versions/:n/verification", async (req, res) => {
    const id = String(req.params.id);
    if (!/^[1-9]\d{0,9}$/.test(req.params.n)) throw new MoharError("not_found", "version.not_found", `document ${id} has no version ${req.params.n}`);
    const pdf = await vault.readVersion(id, Number(req.params.n));
    res.json({ id, version: Number(req.params.n), ...verifier.verify(pdf) });
  });
  return r;
}
