import http from "node:http";
import type { AddressInfo } from "node:net";
import { loadOrCreateEd25519Key, WitnessService } from "./audit/index.js";

/** A request body beyond this is not an add-checkpoint (63 proof lines and a checkpoint are far smaller). */
const MAX_REQUEST_BYTES = 64 * 1024;

export interface WitnessServeOptions {
  /** The witness's name, e.g. witness.district-a.gov.in/w1 (its key name in cosignatures). */
  name: string;
  /** Its Ed25519 private key (PEM), created with mode 0600 when missing. */
  keyFile: string;
  /** Verifier keys of the logs it cosigns (GET /v1/audit/checkpoint?format=json .verifierKey). */
  logs: string[];
  /** Where the latest cosigned checkpoint of each log is kept. */
  stateDir: string;
  host: string;
  port: number;
}

export interface RunningWitness {
  url: string;
  verifierKey: string;
  close(): Promise<void>;
}

/** `mohar witness serve`: a C2SP tlog-witness over HTTP (POST /add-checkpoint), for another office's log. */
export async function serveWitness(opts: WitnessServeOptions): Promise<RunningWitness> {
  if (!/^[^\s+]+$/.test(opts.name)) throw new Error(`--name ${JSON.stringify(opts.name)} must be non-empty with no spaces or '+' (a signed-note key name)`);
  const logs = WitnessService.trustedLogs(opts.logs);
  if (typeof logs === "string") throw new Error(`--log ${logs} is not a log verifier key (name+keyid+base64)`);
  if (logs.size === 0) throw new Error("a witness needs at least one --log verifier key to cosign");
  const service = new WitnessService(opts.name, await loadOrCreateEd25519Key(opts.keyFile, "witness key file"), logs, opts.stateDir);
  const server = http.createServer((req, res) => {
    const send = (status: number, body: string, contentType = "text/plain; charset=utf-8"): void => void res.writeHead(status, { "content-type": contentType }).end(body);
    if (req.url !== "/add-checkpoint") return send(404, "not found\n");
    if (req.method !== "POST") return send(405, "POST only\n");
    const parts: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_REQUEST_BYTES) {
        send(413, "request too large\n");
        req.destroy();
      } else parts.push(c);
    });
    req.on("end", () => {
      service.addCheckpoint(Buffer.concat(parts).toString("utf8")).then(
        (a) => send(a.status, a.body, a.contentType),
        () => send(500, "the witness could not record the checkpoint\n"),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, resolve);
  });
  const addr = server.address() as AddressInfo;
  return {
    url: `http://${addr.family === "IPv6" ? `[${addr.address}]` : addr.address}:${addr.port}`,
    verifierKey: service.key.verifierKey,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
