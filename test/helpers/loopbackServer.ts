import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import type { TestPki } from "./testPki.js";

const run = promisify(execFile);

export interface LoopbackServer {
  /** http://127.0.0.1:<port> */
  base: string;
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 that hands each request, with its whole body, to `handle`. */
export async function loopbackServer(handle: (req: http.IncomingMessage, body: Buffer, res: http.ServerResponse) => void): Promise<LoopbackServer> {
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (c: Buffer) => parts.push(c));
    req.on("end", () => handle(req, Buffer.concat(parts), res));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

let answered = 0;

/**
 * What an OCSP responder for the test CA answers to the DER request `reqDer`: `openssl ocsp`
 * over the CA's index, signed by the root, valid for `minutes`.
 */
export async function ocspAnswer(pki: TestPki, reqDer: Buffer, minutes = 60): Promise<Buffer> {
  const n = ++answered;
  const reqFile = path.join(pki.dir, `ocsp-q${n}.der`);
  const respFile = path.join(pki.dir, `ocsp-r${n}.der`);
  await fs.writeFile(reqFile, reqDer);
  await run("openssl", ["ocsp", "-index", "index.txt", "-rsigner", "root.pem", "-rkey", "root.key", "-CA", "root.pem", "-reqin", reqFile, "-respout", respFile, "-nmin", String(minutes)], { cwd: pki.dir });
  return fs.readFile(respFile);
}

/** Sends an OCSP answer, or 500 when openssl could not make one. */
export function sendOcspAnswer(res: http.ServerResponse, answer: Promise<Buffer>): void {
  answer.then(
    (der) => res.end(der),
    () => {
      res.statusCode = 500;
      res.end();
    },
  );
}
