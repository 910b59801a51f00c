import type { RequestHandler } from "express";
import { actorOf } from "../actor.js";
import { sendProblem } from "../problem.js";
import { TokenBuckets } from "./tokenBucket.js";

/** 429 with Retry-After once a caller exceeds `perMinute` requests (token bucket per actor id). */
export function rateLimit(perMinute: number, now?: () => number): RequestHandler {
  const buckets = new TokenBuckets(perMinute, now);
  return (req, res, next) => {
    const wait = buckets.take(actorOf(req).id);
    if (wait === 0) {
      next();
      return;
    }
    res.setHeader("Retry-After", String(wait));
    sendProblem(res, "auth.rate_limited", `rate limit of ${perMinute} requests per minute exceeded; retry in ${wait} s`);
  };
}
