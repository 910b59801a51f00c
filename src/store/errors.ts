import { MoharError } from "../errors.js";

export class ObjectExistsError extends MoharError {
  constructor(readonly key: string) {
    super("store.exists", `object ${key} exists already and is never overwritten`);
  }
}

export class ObjectNotFoundError extends MoharError {
  constructor(readonly key: string) {
    super("store.not_found", `object ${key} does not exist`);
  }
}

export class StoreUnavailableError extends MoharError {
  constructor(message: string, cause?: unknown) {
    super("store.unavailable", message, { cause });
  }
}

/** The disk under the store is full (ENOSPC, or a quota): nothing of the write was kept. */
export class StoreFullError extends MoharError {
  constructor(readonly key: string, cause?: unknown) {
    super("store.full", `the store has no space left for ${key}; nothing of it was kept`, { cause });
  }
}

export function assertValidKey(key: string): void {
  if (
    key.length === 0 ||
    key.startsWith("/") ||
    key.split("/").some((part) => part === "" || part === "." || part === "..") ||
    /[\0\\]/.test(key)
  ) {
    throw new MoharError("store.bad_key", `invalid object key: ${JSON.stringify(key)}`);
  }
}

/**
 * The local-disk store's file-system worker was lost (it exited or failed) while it owed an answer:
 * whether the call was made is unknown. Store unavailable (503); `reason` "EWORKERLOST" (not `errno`, which Node keeps for numbers).
 */
export class StoreWorkerLostError extends StoreUnavailableError {
  readonly reason = "EWORKERLOST";
  constructor(message: string, cause?: unknown) {
    super(message.startsWith("EWORKERLOST") ? message : `EWORKERLOST: ${message}`, cause);
  }
}
