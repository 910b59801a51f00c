import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ObjectExistsError, S3ObjectStore, StoreUnavailableError } from "../../src/store/index.js";
import { s3ConfigFor, startS3rver, type TestS3 } from "../helpers/s3rver.js";
import { gatedStream } from "../helpers/streams.js";

const MiB = 1024 * 1024;

describe("S3 driver against a live server", () => {
  let s3: TestS3;
  let a: S3ObjectStore;
  let b: S3ObjectStore;
  beforeAll(async () => {
    s3 = await startS3rver();
    const config = s3ConfigFor(s3.env("races"));
    // Two instances on one bucket, as two mohar processes behind a load balancer.
    a = await S3ObjectStore.open(config, { partSize: 5 * MiB });
    b = await S3ObjectStore.open(config);
  });
  afterAll(async () => {
    await s3.close();
  });

  it("keeps a multipart upload invisible until complete, and loses it to a writer that finished first", async () => {
    const key = `mp/${randomUUID()}`;
    const gated = gatedStream(6 * MiB, MiB);
    const slow = a.putIfAbsent(key, gated.stream);
    await gated.stalled;
    expect(await a.head(key)).toBeNull();
    await b.putIfAbsent(key, Buffer.from("b finished first"));
    gated.release();
    await expect(slow).rejects.toBeInstanceOf(ObjectExistsError);
    expect((await a.getBuffer(key)).toString()).toBe("b finished first");
  });

  it("maps the server's 412 on a single PUT to ObjectExistsError", async () => {
    const key = `sp/${randomUUID()}`;
    const gated = gatedStream(100, 100);
    const slow = a.putIfAbsent(key, gated.stream);
    await gated.stalled;
    await b.putIfAbsent(key, Buffer.from("b"));
    gated.release();
    await expect(slow).rejects.toBeInstanceOf(ObjectExistsError);
    expect((await b.getBuffer(key)).toString()).toBe("b");
  });

  it("creates the bucket when it is missing", async () => {
    const fresh = await S3ObjectStore.open(s3ConfigFor(s3.env(`fresh-${randomUUID().slice(0, 8)}`)));
    await expect(fresh.ping()).resolves.toBeUndefined();
    await fresh.putIfAbsent("k", Buffer.from("v"));
    expect((await fresh.list("")).map((o) => o.key)).toEqual(["k"]);
  });

  it("reports an unreachable server as unavailable", async () => {
    const other = await startS3rver();
    const config = s3ConfigFor(other.env("gone"));
    const store = await S3ObjectStore.open(config);
    await other.close();
    await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.head("x")).rejects.toMatchObject({ kind: "unavailable" });
    await expect(store.putIfAbsent("x", Buffer.from("x"))).rejects.toMatchObject({ kind: "unavailable" });
    await expect(S3ObjectStore.open(config)).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});
