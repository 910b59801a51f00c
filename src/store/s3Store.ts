import { createHash } from "node:crypto";
import http, { type ClientRequest, type IncomingMessage, type RequestOptions } from "node:http";
import https from "node:https";
import { setTimeout as sleep } from "node:timers/promises";
import { Readable } from "node:stream";
import { Client, S3Error, type ObjectLockInfo } from "minio";
import type { ObjectLockConfig, S3Config } from "../config.js";
import type { ObjectBody, ObjectInfo, ObjectStore } from "./objectStore.js";
import { assertValidKey, ObjectExistsError, ObjectNotFoundError, StoreUnavailableError } from "./errors.js";
import { partsOf, type Part } from "./parts.js";

/** S3's minimum part size; also about what one streamed upload holds in memory. */
const DEFAULT_PART_SIZE = 5 * 1024 * 1024;

const NOT_FOUND_CODES = new Set(["NoSuchKey", "NotFound", "NoSuchObject"]);
/** S3 answers that say "not now": worth another try for a read. */
const TRANSIENT_CODES = new Set(["InternalError", "ServiceUnavailable", "SlowDown", "RequestTimeout", "RequestTimeTooSkewed"]);
const BACKOFF_BASE_MS = 100;
const BACKOFF_MAX_MS = 2000;

export interface S3StoreOptions {
  /** Bytes per multipart part for streamed bodies (min 5 MiB on real S3). */
  partSize?: number;
  now?: () => Date;
}

/**
 * S3 / MinIO store through the `minio` client. Create-only writes: a statObject pre-check
 * gives a clear early answer, and `If-None-Match: *` on the PUT (or on the multipart
 * completion) makes the server the arbiter when two writers race for one key. Streamed
 * bodies are uploaded part by part and only become visible when the upload completes; a
 * failed upload is aborted, so nothing partial is ever visible.
 */
export class S3ObjectStore implements ObjectStore {
  private constructor(
    private readonly client: Client,
    private readonly bucket: string,
    private readonly partSize: number,
    private readonly retries: number,
    private readonly objectLock: ObjectLockConfig | null,
    /** For the retention date of locked objects (tests set it). */
    private readonly now: () => Date,
  ) {}

  static async open(config: S3Config, options: S3StoreOptions = {}): Promise<S3ObjectStore> {
    const useSSL = config.endpoint.protocol === "https:";
    const client = new Client({
      endPoint: config.endpoint.hostname.replace(/^\[(.*)\]$/, "$1"),
      port: config.endpoint.port ? Number(config.endpoint.port) : undefined,
      useSSL,
      accessKey: config.accessKey,
      secretKey: config.secretKey,
      region: config.region,
      pathStyle: true,
      transport: timedTransport(useSSL ? https : http, config.timeoutMs),
      // Retries are made here, for reads only, without the client's console output.
      retryOptions: { disableRetry: true },
    });
    const store = new S3ObjectStore(client, config.bucket, options.partSize ?? DEFAULT_PART_SIZE, config.retries, config.objectLock ?? null, options.now ?? (() => new Date()));
    await store.ensureBucket(config.region);
    if (store.objectLock) await store.checkObjectLock();
    return store;
  }

  /**
   * Runs an idempotent request (a read, a delete), trying it again after a network fault, a
   * timeout or an S3 "not now" answer, with exponential backoff and jitter. Writes are never
   * retried here: a create-only PUT whose answer was lost may have landed, and a second one would
   * then be refused as "exists"; the caller's retry (Idempotency-Key) decides instead.
   */
  private async retrying<T>(op: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await op();
      } catch (err) {
        if (attempt >= this.retries || !isTransient(err)) throw err;
        const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** attempt);
        await sleep(ceiling / 2 + Math.random() * (ceiling / 2));
      }
    }
  }

  private async ensureBucket(region: string): Promise<void> {
    try {
      if (await this.retrying(() => this.client.bucketExists(this.bucket))) return;
      // Object lock can only be turned on when a bucket is made.
      await this.client.makeBucket(this.bucket, region, { ObjectLocking: this.objectLock !== null });
    } catch (err) {
      // Another instance may have created it between the check and the create.
      if (err instanceof S3Error && (err.code === "BucketAlreadyOwnedByYou" || err.code === "BucketAlreadyExists")) return;
      throw unavailable(`cannot open bucket ${this.bucket}`, err);
    }
  }

  /**
   * With AUDIT_OBJECT_LOCK_MODE the bucket must have object lock enabled (GetObjectLockConfiguration):
   * S3 refuses a lock header on an object in a bucket without it, and a service that wrote its
   * audit log unlocked while configured to lock it would promise what it does not keep.
   */
  private async checkObjectLock(): Promise<void> {
    const mode = this.objectLock?.mode;
    let enabled: string | undefined;
    try {
      // The client's typings list a void overload before the promise one.
      const read = this.client.getObjectLockConfig.bind(this.client) as (bucket: string) => Promise<ObjectLockInfo>;
      enabled = (await this.retrying(() => read(this.bucket))).objectLockEnabled;
    } catch (err) {
      if (!(err instanceof S3Error && err.code === "ObjectLockConfigurationNotFoundError")) throw unavailable(`cannot read the object lock configuration of bucket ${this.bucket}`, err);
    }
    if (enabled !== "Enabled") {
      throw new StoreUnavailableError(
        `bucket ${this.bucket} does not have object lock enabled, but AUDIT_OBJECT_LOCK_MODE=${mode} asks for it: object lock can only be enabled when a bucket is created ` +
          "(MinIO: mc mb --with-lock; S3: --object-lock-enabled-for-bucket); create one with it and point S3_BUCKET there, or unset AUDIT_OBJECT_LOCK_MODE",
      );
    }
  }

  async putIfAbsent(key: string, body: ObjectBody): Promise<void> {
    assertValidKey(key);
    if (await this.head(key)) {
      if (!Buffer.isBuffer(body)) body.destroy();
      throw new ObjectExistsError(key);
    }
    try {
      if (this.objectLock && key.startsWith(this.objectLock.prefix)) {
        await this.putLocked(key, Buffer.isBuffer(body) ? body : await wholeBody(body, this.partSize), this.objectLock);
      } else if (Buffer.isBuffer(body) && body.length <= this.partSize) {
        await this.client.putObject(this.bucket, key, body, body.length, { "If-None-Match": "*" });
      } else {
        await this.putStream(key, Buffer.isBuffer(body) ? Readable.from([body]) : body);
      }
    } catch (err) {
      throw mapError(err, key, `cannot write ${key}`);
    }
  }

  /**
   * A PUT with the object lock's mode and retain-until date, Content-MD5 as S3 requires for
   * it, and If-None-Match: * as every write here. The minio client's putObject would send the
   * lock headers as user metadata (x-amz-meta-...), so the request is made here.
   */
  private async putLocked(key: string, body: Buffer, lock: ObjectLockConfig): Promise<void> {
    const until = new Date(this.now().getTime() + lock.days * 86_400_000);
    const res = await this.client.makeRequestAsync(
      {
        method: "PUT",
        bucketName: this.bucket,
        objectName: key,
        headers: {
          "If-None-Match": "*",
          "Content-MD5": createHash("md5").update(body).digest("base64"),
          "x-amz-object-lock-mode": lock.mode,
          "x-amz-object-lock-retain-until-date": until.toISOString(),
        },
      },
      body,
    );
    await readText(res);
  }

  /** Reads the stream one part at a time; a stream that fits one part becomes a single PUT. */
  private async putStream(key: string, body: Readable): Promise<void> {
    const parts = partsOf(body, this.partSize)[Symbol.asyncIterator]();
    const first = await parts.next();
    if (first.done || first.value.last) {
      const buf = first.done ? Buffer.alloc(0) : first.value.data;
      await this.client.putObject(this.bucket, key, buf, buf.length, { "If-None-Match": "*" });
      return;
    }
    const uploadId = await this.client.initiateNewMultipartUpload(this.bucket, key, {});
    try {
      const etags: { part: number; etag: string }[] = [];
      for (let next: IteratorResult<Part> = first; !next.done; next = await parts.next()) {
        const part = etags.length + 1;
        const md5 = createHash("md5").update(next.value.data).digest("base64");
        const res = await this.client.uploadPart(
          { bucketName: this.bucket, objectName: key, uploadID: uploadId, partNumber: part, headers: { "Content-MD5": md5 } },
          next.value.data,
        );
        etags.push({ part, etag: res.etag });
      }
      await this.completeIfAbsent(key, uploadId, etags);
    } catch (err) {
      await this.client.abortMultipartUpload(this.bucket, key, uploadId).catch(() => undefined);
      throw err;
    }
  }

  /** CompleteMultipartUpload with `If-None-Match: *`, which the minio client's helper cannot send. */
  private async completeIfAbsent(key: string, uploadId: string, etags: { part: number; etag: string }[]): Promise<void> {
    const xml =
      '<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
      etags.map((e) => `<Part><PartNumber>${e.part}</PartNumber><ETag>"${e.etag}"</ETag></Part>`).join("") +
      "</CompleteMultipartUpload>";
    const res = await this.client.makeRequestAsync(
      {
        method: "POST",
        bucketName: this.bucket,
        objectName: key,
        query: `uploadId=${encodeURIComponent(uploadId)}`,
        headers: { "If-None-Match": "*" },
      },
      xml,
    );
    // S3 may report a failed completion inside a 200 response.
    const text = await readText(res);
    const code = /<Error>[\s\S]*?<Code>([^<]+)<\/Code>/.exec(text)?.[1];
    if (code) {
      const err = new S3Error(`multipart completion failed: ${code}`);
      err.code = code;
      throw err;
    }
  }

  async get(key: string, range?: { start: number; end: number }): Promise<Readable> {
    assertValidKey(key);
    try {
      return await this.retrying(() =>
        range ? this.client.getPartialObject(this.bucket, key, range.start, range.end - range.start + 1) : this.client.getObject(this.bucket, key),
      );
    } catch (err) {
      throw mapError(err, key, `cannot read ${key}`);
    }
  }

  async getBuffer(key: string): Promise<Buffer> {
    assertValidKey(key);
    try {
      // The whole read is retried: a body cut off half-way is read again from the start.
      return await this.retrying(async () => {
        const chunks: Buffer[] = [];
        for await (const c of await this.client.getObject(this.bucket, key)) chunks.push(c as Buffer);
        return Buffer.concat(chunks);
      });
    } catch (err) {
      throw mapError(err, key, `reading ${key} failed`);
    }
  }

  async head(key: string): Promise<ObjectInfo | null> {
    assertValidKey(key);
    try {
      const st = await this.retrying(() => this.client.statObject(this.bucket, key));
      return { key, size: st.size, lastModified: st.lastModified };
    } catch (err) {
      if (err instanceof S3Error && NOT_FOUND_CODES.has(err.code ?? "")) return null;
      throw mapError(err, key, `cannot stat ${key}`);
    }
  }

  async list(prefix: string): Promise<ObjectInfo[]> {
    let out: ObjectInfo[];
    try {
      out = await this.retrying(async () => {
        const found: ObjectInfo[] = [];
        for await (const item of this.client.listObjectsV2(this.bucket, prefix, true)) {
          if (item.name !== undefined) found.push({ key: item.name, size: item.size, lastModified: item.lastModified });
        }
        return found;
      });
    } catch (err) {
      throw mapError(err, prefix, `cannot list ${prefix}`);
    }
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    try {
      await this.retrying(() => this.client.removeObject(this.bucket, key));
    } catch (err) {
      throw mapError(err, key, `cannot delete ${key}`);
    }
  }

  /** One try, within S3_TIMEOUT_MS: readiness reports the store as it is now. */
  async ping(): Promise<void> {
    let exists: boolean;
    try {
      exists = await this.client.bucketExists(this.bucket);
    } catch (err) {
      throw unavailable("object store unreachable", err);
    }
    if (!exists) throw new StoreUnavailableError(`bucket ${this.bucket} does not exist`);
  }

  async close(): Promise<void> {}
}

function unavailable(what: string, err: unknown): StoreUnavailableError {
  const detail = err instanceof S3Error ? `${err.code ?? "S3 error"}: ${err.message}` : (err as Error).message;
  return new StoreUnavailableError(`${what}: ${detail}`, err);
}

/**
 * S3 answers become the store's typed errors; a network failure (refused, reset, timed
 * out) or an S3 error we cannot act on means the store is unavailable. Anything else is a
 * bug and propagates unchanged.
 */
function mapError(err: unknown, key: string, what: string): unknown {
  if (err instanceof S3Error) {
    if (err.code === "PreconditionFailed") return new ObjectExistsError(key);
    if (NOT_FOUND_CODES.has(err.code ?? "")) return new ObjectNotFoundError(key);
    return unavailable(what, err);
  }
  if (isNetworkError(err)) return unavailable(what, err);
  return err;
}

function isTransient(err: unknown): boolean {
  if (err instanceof S3Error) return TRANSIENT_CODES.has(err.code ?? "");
  return isNetworkError(err);
}

/**
 * http(s).request with an idle timeout: a request whose connection sends or receives nothing for
 * `timeoutMs` (while connecting, waiting for the answer, or in the middle of a body) is destroyed
 * with ETIMEDOUT, which the store reports as unavailable. Without it a stalled store held
 * requests and /readyz for as long as it stalled (150 s measured).
 */
function timedTransport(base: typeof http | typeof https, timeoutMs: number): Pick<typeof http, "request"> {
  const request = (opts: RequestOptions, cb?: (res: IncomingMessage) => void): ClientRequest => {
    const req = base.request(opts, cb);
    req.setTimeout(timeoutMs, () => {
      const err = new Error(`the object store sent nothing for ${timeoutMs} ms (S3_TIMEOUT_MS)`) as NodeJS.ErrnoException;
      err.code = "ETIMEDOUT";
      req.destroy(err);
    });
    return req;
  };
  // The client calls request(options, callback) only; its type names every overload of http.request.
  return { request: request as typeof http.request };
}

function isNetworkError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return typeof code === "string" && /^(E[A-Z_]+|UND_ERR_\w+)$/.test(code);
}

/** A streamed body read whole: locked (audit) objects are small and written in one PUT. */
async function wholeBody(body: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of body) {
    size += (c as Buffer).length;
    if (size > limit) {
      body.destroy();
      throw new Error(`an object written with object lock must fit one PUT (${limit} bytes)`);
    }
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

async function readText(res: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
