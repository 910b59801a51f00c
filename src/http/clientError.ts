import type { Server } from "node:http";
import type { Duplex } from "node:stream";
import type { Logger } from "pino";
import { problemBody, problemOf, titleOf, type Problem } from "./problem.js";

/** What Node's HTTP parser refused, as a problem; Express never sees these requests. */
function problemFor(err: NodeJS.ErrnoException): Problem {
  switch (err.code) {
    case "HPE_HEADER_OVERFLOW":
      return problemOf("request.headers_too_large", "the request's header fields are too large");
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return problemOf("request.timeout", "the request was not received in time");
    default:
      return problemOf("request.malformed_http", "the request is not valid HTTP/1.1");
  }
}

/**
 * Answers requests that Node's parser rejects (bad method, oversized headers, garbage) with
 * problem+json instead of Node's bare status line, and logs them without the raw bytes.
 */
export function answerClientErrors(server: Server, logger: Logger): void {
  server.on("clientError", (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    const problem = problemFor(err);
    logger.info({ code: err.code, status: problem.status }, "refused a malformed request");
    const body = JSON.stringify(problemBody(problem));
    socket.end(
      `HTTP/1.1 ${problem.status} ${titleOf(problem.status)}\r\n` +
        "Content-Type: application/problem+json\r\n" +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        "Connection: close\r\n\r\n" +
        body,
    );
  });
}
