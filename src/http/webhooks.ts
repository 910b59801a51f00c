import express, { Router, type Request } from "express";
import { MoharError } from "../errors.js";
import type { WebhookService } from "../webhooks/index.js";
import { actorOf } from "./actor.js";
import { audited, type AuditSink } from "./auditTrail.js";
import { route } from "./route.js";

const json = express.json({ limit: "16kb" });
const wid = (req: Request) => String(req.params.wid);

function limitOf(req: Request): number {
  const raw = req.query.limit;
  if (raw === undefined || raw === "") return 100;
  if (typeof raw !== "string") throw new MoharError("request.repeated_query", "limit must be given once");
  if (!/^\d{1,4}$/.test(raw) || Number(raw) < 1 || Number(raw) > 1000) throw new MoharError("webhook.bad_input", "limit must be a whole number from 1 to 1000");
  return Number(raw);
}

function stateOf(req: Request): string | undefined {
  const raw = req.query.state;
  if (raw === undefined || raw === "") return undefined;
  if (typeof raw !== "string") throw new MoharError("request.repeated_query", "state must be given once");
  return raw;
}

/** Webhook subscriptions and their delivery log (admins); changes are audited, secrets never are. */
export function webhooksRouter(webhooks: WebhookService, sink: AuditSink): Router {
  const r = Router();

  route(
    r,
    "createWebhook",
    json,
    audited(sink, "createWebhook", async (req, res, audit) => {
      const made = await webhooks.create(actorOf(req).id, req.body);
      await audit({ detail: `webhook ${made.id} to ${made.url} for ${made.events.join(", ")}` });
      res.status(201).location(`/v1/webhooks/${made.id}`).json(made);
    }),
  );

  route(r, "listWebhooks", async (_req, res) => {
    res.json({ subscriptions: await webhooks.list() });
  });

  route(r, "getWebhook", async (req, res) => {
    res.json(await webhooks.get(wid(req)));
  });

  route(
    r,
    "deleteWebhook",
    audited(sink, "deleteWebhook", async (req, res, audit) => {
      await webhooks.remove(wid(req));
      await audit({ detail: `webhook ${wid(req)} deleted` });
      res.status(204).end();
    }),
  );

  for (const [id, enabled] of [
    ["disableWebhook", false],
    ["enableWebhook", true],
  ] as const) {
    route(
      r,
      id,
      audited(sink, id, async (req, res, audit) => {
        const sub = await webhooks.setEnabled(wid(req), enabled, enabled ? null : `disabled by ${actorOf(req).id}`);
        await audit({ detail: `webhook ${sub.id} ${enabled ? "enabled" : "disabled"}` });
        res.json(sub);
      }),
    );
  }

  route(r, "listWebhookDeliveries", async (req, res) => {
    res.json({ subscriptionId: wid(req), deliveries: await webhooks.deliveries(wid(req), { limit: limitOf(req), state: stateOf(req) }) });
  });

  route(
    r,
    "redeliverWebhook",
    audited(sink, "redeliverWebhook", async (req, res, audit) => {
      const delivery = await webhooks.redeliver(wid(req), String(req.params.did));
      await audit({ detail: `webhook ${wid(req)}: event ${delivery.eventId} queued again as delivery ${delivery.id}` });
      res.status(202).json(delivery);
    }),
  );

  return r;
}
