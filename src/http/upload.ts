import type { RequestHandler } from "express";
import multer, { MulterError } from "multer";
import { MoharError } from "../errors.js";

/**
 * Multipart upload of one PDF in the field `file`, held in memory up to `maxBytes` (larger
 * files are refused with a 413 naming the limit, known only here). Body errors that are not
 * MulterErrors (a truncated or malformed multipart body) become a 400 instead of a 500.
 */
export function pdfUpload(maxBytes: number): RequestHandler {
  const single = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: maxBytes, files: 1, fields: 20, fieldSize: 64 * 1024 },
  }).single("file");
  return (req, res, next) => {
    single(req, res, (err?: unknown) => {
      if (err instanceof MulterError && err.code === "LIMIT_FILE_SIZE") {
        next(new MoharError("upload.too_large", `the uploaded file exceeds the size limit of ${maxBytes} bytes`, { cause: err }));
        return;
      }
      if (err instanceof MulterError && err.code === "LIMIT_UNEXPECTED_FILE") {
        const detail = `unexpected file field ${JSON.stringify(err.field ?? "")}; send the PDF in the field "file"`;
        next(new MoharError("upload.unexpected_field", detail, { cause: err }));
        return;
      }
      if (err === undefined || err === null || err instanceof MulterError || err instanceof MoharError) {
        next(err);
        return;
      }
      next(new MoharError("upload.malformed", `malformed multipart body: ${(err as Error).message}`, { cause: err }));
    });
  };
}

/** The uploaded PDF, or a 400 naming the missing field. */
export function uploadedFile(file: Express.Multer.File | undefined): Buffer {
  if (!file) {
    throw new MoharError("upload.file_required", 'the multipart field "file" with the PDF is required');
  }
  return file.buffer;
}
