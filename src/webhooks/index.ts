export { WebhookDispatcher, retryDelayMs, type DeliveryObservation, type DispatchSettings } from "./dispatcher.js";
export { WEBHOOK_EVENT_TYPES, eventBody, isEventType, type WebhookEvent, type WebhookEventType } from "./events.js";
export { enqueueEvent } from "./outbox.js";
export { newSecret, signatureHeader } from "./signature.js";
export { isCidr, TargetPolicy } from "./targetPolicy.js";
export { WebhookService, type DeliveryView, type Subscription } from "./webhookService.js";
