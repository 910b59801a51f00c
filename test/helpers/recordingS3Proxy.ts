import http from "node:http";
import { loopbackServer, type LoopbackServer } from "./loopbackServer.js";

export interface RecordedRequest {
  method: string;
  /** Path and query as sent (bucket and key in the path: the driver uses path-style URLs). */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface RecordingS3Proxy extends LoopbackServer {
  readonly requests: RecordedRequest[];
  /**
   * What GetObjectLockConfiguration (GET /<bucket>?object-lock) answers, which s3rver does not
   * implement: "enabled" (object lock on, as a bucket made with it), or "missing" (S3's 404
   * ObjectLockConfigurationNotFoundError for a bucket made without it).
   */
  objectLock: "enabled" | "missing";
}

/**
 * An HTTP proxy on 127.0.0.1 in front of an S3 server (s3rver), forwarding every request as it
 * came (the Host header too, which the signature covers) and recording it: what a test checks
 * the driver sends, where the server behind does not act on it (s3rver ignores object lock).
 */
export async function startRecordingS3Proxy(upstream: string): Promise<RecordingS3Proxy> {
  const target = new URL(upstream);
  const requests: RecordedRequest[] = [];
  const state = { objectLock: "enabled" as "enabled" | "missing" };
  const server = await loopbackServer((req, body, res) => {
    requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
    const query = new URL(req.url ?? "/", "http://proxy").searchParams;
    if (req.method === "GET" && query.has("object-lock")) {
      if (state.objectLock === "enabled") {
        res.writeHead(200, { "content-type": "application/xml" }).end(
          '<?xml version="1.0" encoding="UTF-8"?><ObjectLockConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><ObjectLockEnabled>Enabled</ObjectLockEnabled></ObjectLockConfiguration>',
        );
      } else {
        res.writeHead(404, { "content-type": "application/xml" }).end(
          '<?xml version="1.0" encoding="UTF-8"?><Error><Code>ObjectLockConfigurationNotFoundError</Code><Message>Object Lock configuration does not exist for this bucket</Message></Error>',
        );
      }
      return;
    }
    const forward = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    forward.on("error", () => res.destroy());
    forward.end(body);
  });
  return {
    ...server,
    requests,
    get objectLock() {
      return state.objectLock;
    },
    set objectLock(v: "enabled" | "missing") {
      state.objectLock = v;
    },
  };
}
