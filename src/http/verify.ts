import { Router } from "express";
import multer from "multer";
import { MoharError } from "../errors.js";
import type { Verifier } from "../verification/index.js";

/** POST /v1/verify: multipart `file` -> verification report (200 even when a signature fails). */
export function verifyRouter(verifier: Verifier, maxUploadBytes: number): Router {
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: maxUploadBytes, files: 1 } });
  const r = Router();
  r.post("/v1/verify", upload.single("file"), (req, res) => {
    if (!req.file) throw new MoharError("bad_input", "verify.no_file", "send the PDF as multipart form field `file`");
    res.json(verifier.verify(req.file.buffer));
  });
  return r;
}
