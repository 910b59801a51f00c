import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { Readable } from "node:stream";
import { Client, S3Error } from "minio";
import type { S3Config } from "../config.js";
import type { ObjectBody, ObjectInfo, ObjectStore } from "./objectStore.js";
import { assertValidKey, ObjectExistsError, ObjectNotFoundError, StoreUnavailableError } from "./errors.js";
import { partsOf, type Part } from "./parts.js";

/** S3's minimum part size; also about what one streamed upload holds in memory. */
const DEFAULT_PART_SIZE = 5 * 1024 * 1024;

const NOT_FOUND_CODES = new Set(["NoSuchKey", "NotFound", "NoSuchObject"]);

export interface S3StoreOptions {
  /** Bytes per multipart part for streamed bodies (min 5 MiB on real S3). */
  partSize?: number;
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
  ) {}

  static async open(config: S3Config, options: S3StoreOptions = {}): Promise<S3ObjectStore> {
    const client = new Client({
      endPoint: config.endpoint.hostname.replace(/^\[(.*)\]$/, "$1"),
      port: config.endpoint.port ? Number(config.endpoint.port) : undefined,
      useSSL: config.endpoint.protocol === "https:",
      accessKey: config.accessKey,
      secretKey: config.secretKey,
      region: config.region,
      pathStyle: true,
    });
    const store = new S3ObjectStore(client, config.bucket, options.partSize ?? DEFAULT_PART_SIZE);
    await store.ensureBucket(config.region);
    return store;
  }

  private async ensureBucket(region: string): Promise<void> {
    try {
      if (await this.client.bucketExists(this.bucket)) return;
      await this.client.makeBucket(this.bucket, region);
    } catch (err) {
      // Another instance may have created it between the check and the create.
      if (err instanceof S3Error && (err.code === "BucketAlreadyOwnedByYou" || err.code === "BucketAlreadyExists")) return;
      throw unavailable(`cannot open bucket ${this.bucket}`, err);
    }
  }

  async putIfAbsent(key: string, body: ObjectBody): Promise<void> {
    assertValidKey(key);
    if (await this.head(key)) {
      if (!Buffer.isBuffer(body)) body.destroy();
      throw new ObjectExistsError(key);
    }
    try {
      if (Buffer.isBuffer(body) && body.length <= this.partSize) {
        await this.client.putObject(this.bucket, key, body, body.length, { "If-None-Match": "*" });
      } else {
        await this.putStream(key, Buffer.isBuffer(body) ? Readable.from([body]) : body);
      }
    } catch (err) {
      throw mapError(err, key, `cannot write ${key}`);
    }
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
      return range
        ? await this.client.getPartialObject(this.bucket, key, range.start, range.end - range.start + 1)
        : await this.client.getObject(this.bucket, key);
    } catch (err) {
      throw mapError(err, key, `cannot read ${key}`);
    }
  }

  async getBuffer(key: string): Promise<Buffer> {
    const stream = await this.get(key);
    const chunks: Buffer[] = [];
    try {
      for await (const c of stream) chunks.push(c as Buffer);
    } catch (err) {
      throw mapError(err, key, `reading ${key} failed`);
    }
    return Buffer.concat(chunks);
  }

  async head(key: string): Promise<ObjectInfo | null> {
    assertValidKey(key);
    try {
      const st = await this.client.statObject(this.bucket, key);
      return { key, size: st.size, lastModified: st.lastModified };
    } catch (err) {
      if (err instanceof S3Error && NOT_FOUND_CODES.has(err.code ?? "")) return null;
      throw mapError(err, key, `cannot stat ${key}`);
    }
  }

  async list(prefix: string): Promise<ObjectInfo[]> {
    const out: ObjectInfo[] = [];
    try {
      for await (const item of this.client.listObjectsV2(this.bucket, prefix, true)) {
        if (item.name !== undefined) out.push({ key: item.name, size: item.size, lastModified: item.lastModified });
      }
    } catch (err) {
      throw mapError(err, prefix, `cannot list ${prefix}`);
    }
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    try {
      await this.client.removeObject(this.bucket, key);
    } catch (err) {
      throw mapError(err, key, `cannot delete ${key}`);
    }
  }

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

function isNetworkError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return typeof code === "string" && /^(E[A-Z_]+|UND_ERR_\w+)$/.test(code);
}

async function readText(res: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
