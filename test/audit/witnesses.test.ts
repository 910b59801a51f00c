import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AuditLog, loadOrCreateLogKey, parseWitnessKey, type CosigningOptions, type LogKey } from "../../src/audit/index.js";
import { witnessKey } from "../../src/audit/cosignature.js";
import { runVerifySince } from "../../src/auditSince.js";
import { serveWitness, type RunningWitness } from "../../src/witnessServe.js";
import { loadConfig } from "../../src/config.js";
import { FsObjectStore } from "../../src/store/index.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { checkCosignatures, startTestWitness, type TestWitness } from "../helpers/tlogWitness.js";
import { event, ORIGIN, tempDir } from "./fixtures.js";

const waitFor = <T>(fn: () => T): Promise<T> => vi.waitFor(fn, { timeout: 5000, interval: 10 });

describe("witnesses cosign the audit log's checkpoints (C2SP tlog-witness, a witness written from the spec on loopback)", () => {
  let dir: string;
  let key: LogKey;
  const witnesses: TestWitness[] = [];
  const open: AuditLog[] = [];

  const cosigning = (ws: Array<Pick<TestWitness, "verifierKey" | "base">>, quorum: number): CosigningOptions => ({
    witnesses: ws.map((w) => ({ key: parseWitnessKey(w.verifierKey)!, url: w.base })),
    quorum,
    retryMs: 20,
    maxRetryMs: 80,
    timeoutMs: 2000,
  });
  const openLog = async (storeDir: string, ws: Array<Pick<TestWitness, "verifierKey" | "base">>, quorum: number): Promise<AuditLog> => {
    const log = await AuditLog.open({ store: await FsObjectStore.open(path.join(dir, storeDir)), key, cosigning: cosigning(ws, quorum) });
    open.push(log);
    return log;
  };
  const append = async (log: AuditLog, n: number): Promise<void> => {
    await Promise.all(Array.from({ length: n }, (_, i) => log.append(event(i, `doc-${i % 3}`))));
  };

  beforeAll(async () => {
    dir = await tempDir();
    key = await loadOrCreateLogKey(path.join(dir, "audit-key.pem"), ORIGIN);
    for (const name of ["witness.one.example/w", "witness.two.example/w"]) witnesses.push(await startTestWitness(name, [key.verifierKey]));
  });
  afterAll(async () => {
    await Promise.all(open.map((l) => l.close().catch(() => undefined)));
    await Promise.all(witnesses.map((w) => w.close()));
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("publishes a checkpoint once the quorum has cosigned it, with consistency proofs as the log grows, and again after a restart", async () => {
    const [w1, w2] = witnesses as [TestWitness, TestWitness];
    const log = await openLog("quorum", [w1, w2], 2);
    await append(log, 5);
    const first = await waitFor(() => {
      expect(log.published?.size).toBe(log.size);
      return log.published!;
    });
    // The checkpoint as the log signed it, then one cosignature per witness that verifies.
    expect(first.note.startsWith(log.checkpoint.note)).toBe(true);
    expect([...checkCosignatures(first.note, [w1.verifierKey, w2.verifierKey]).keys()].sort()).toEqual([w1.name, w2.name]);
    expect(log.cosigningStatus()).toMatchObject({ quorum: 2, status: "cosigned", lagSeconds: 0, publishedSize: 5 });

    // The next checkpoints go with the consistency proof from the size each witness cosigned last.
    await append(log, 60);
    await waitFor(() => expect(log.published?.size).toBe(65));
    expect(w1.state(ORIGIN)).toMatchObject({ size: 65, root: log.checkpoint.root });
    expect(w2.answers.every((s) => s === 200)).toBe(true);

    // After a restart the published checkpoint is read back from the store, before any witness answers.
    await log.close();
    w1.up = false;
    w2.up = false;
    const reopened = await openLog("quorum", [w1, w2], 2);
    expect(reopened.published?.size).toBe(65);
    expect(checkCosignatures(reopened.published!.note, [w1.verifierKey, w2.verifierKey]).size).toBe(2);
    w1.up = true;
    w2.up = true;
    await reopened.close();
  });

  it("a witness that is down is asked again; until it cosigns, the quorum is not reached and nothing newer is published", async () => {
    const [w1, w2] = witnesses as [TestWitness, TestWitness];
    w1.forget(ORIGIN);
    w2.forget(ORIGIN);
    const log = await openLog("down", [w1, w2], 2);
    await append(log, 3);
    await waitFor(() => expect(log.published?.size).toBe(3));

    w2.up = false;
    const before = w1.answers.length;
    await append(log, 4);
    // Appends are not held up by the witness; w1 cosigns size 7 and w2 is asked again and again.
    await waitFor(() => {
      const s = log.cosigningStatus()!;
      expect(s.witnesses[0]).toMatchObject({ cosignedSize: 7, state: "cosigned" });
      expect(s.witnesses[1]).toMatchObject({ cosignedSize: 3, state: "unreachable" });
      expect(s.witnesses[1]!.failures).toBeGreaterThanOrEqual(3);
    });
    expect(w1.answers.length).toBeGreaterThan(before);
    expect(log.published?.size).toBe(3);
    expect(log.cosigningStatus()).toMatchObject({ size: 7, publishedSize: 3, status: "pending" });
    expect(log.cosigningStatus()!.lagSeconds).toBeGreaterThan(0);

    // Back up: the next retry brings the quorum, and size 7 is published.
    w2.up = true;
    await waitFor(() => expect(log.published?.size).toBe(7));
    expect(log.cosigningStatus()).toMatchObject({ status: "cosigned", lagSeconds: 0 });
    await log.close();
  });

  it("a witness refuses a rewritten log (the consistency proof fails) and catches a log cut back", async () => {
    const [w1] = witnesses as [TestWitness];
    w1.forget(ORIGIN);
    const honest = await openLog("honest", [w1], 1);
    await append(honest, 10);
    await waitFor(() => expect(honest.published?.size).toBe(10));
    await honest.close();
    const seen = w1.state(ORIGIN)!;

    // The same key signs another history of 20 entries: the witness has cosigned size 10 of the
    // first one, so the proof from 10 to 20 cannot match its root (422) and nothing is published.
    const rewritten = await openLog("rewritten", [w1], 1);
    await Promise.all(Array.from({ length: 20 }, (_, i) => rewritten.append({ ...event(i), actor: "someone-else" })));
    await waitFor(() => expect(rewritten.cosigningStatus()!.witnesses[0]).toMatchObject({ state: "refused", lastError: expect.stringMatching(/inconsistent.*HTTP 422/) }));
    expect(rewritten.published).toBeNull();
    expect(w1.state(ORIGIN)).toEqual(seen);
    expect(w1.answers).toContain(422);

    // A log cut back to 4 entries: the witness answers that it cosigned size 10 (409), which this
    // log never signed.
    const cut = await openLog("cut", [w1], 1);
    await append(cut, 4);
    await waitFor(() => expect(cut.cosigningStatus()!.witnesses[0]).toMatchObject({ state: "refused", lastError: expect.stringMatching(/cosigned size 10 .*cut back/) }));
    expect(cut.published).toBeNull();
    expect(w1.state(ORIGIN)).toEqual(seen);
    await Promise.all([rewritten.close(), cut.close()]);
  });

  it("GET /v1/audit/checkpoint serves the published checkpoint with its cosignatures, JSON and metrics say who lags, and `audit verify --since --witness` requires the quorum", async () => {
    const [w1, w2] = witnesses as [TestWitness, TestWitness];
    w1.forget(ORIGIN);
    w2.forget(ORIGIN);
    let srv: TestServer | undefined;
    const quiet = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      const env = {
        AUDIT_KEY_FILE: path.join(dir, "audit-key.pem"),
        AUDIT_ORIGIN: ORIGIN,
        AUDIT_WITNESSES: `${w1.verifierKey} ${w1.base}, ${w2.verifierKey} ${w2.base}/`,
        AUDIT_WITNESS_QUORUM: "2",
        AUDIT_WITNESS_RETRY_MS: "20",
      };
      srv = await startTestServer(env);
      const server = srv;
      const log = server.running.services.audit;
      const checkpoint = (): Promise<Response> => server.request("/v1/audit/checkpoint", { as: "auditor" });
      const status = async (): Promise<{ size: number; root: string; note: string; cosigning: { size: number; status: string; publishedSize: number | null; lagSeconds: number; signed: { size: number; note: string }; published: { size: number; note: string } | null; witnesses: Array<{ name: string; cosignedSize: number | null; state: string }> } }> =>
        (await server.request("/v1/audit/checkpoint?format=json", { as: "auditor" })).json() as never;

      // Nothing cosigned yet: no published checkpoint to serve.
      const none = await checkpoint();
      expect(none.status).toBe(503);
      expect(await none.json()).toMatchObject({ code: "audit.not_cosigned" });
      // Nor as JSON: its top level is what is published.
      expect((await server.request("/v1/audit/checkpoint?format=json", { as: "auditor" })).status).toBe(503);

      await append(log, 6);
      await waitFor(() => expect(log.published?.size, JSON.stringify(log.cosigningStatus(), null, 1)).toBe(log.size));
      const published = await (await checkpoint()).text();
      expect(published).toBe(log.published!.note);
      expect(checkCosignatures(published, [w1.verifierKey, w2.verifierKey]).size).toBe(2);
      const sinceFile = path.join(dir, "saved-checkpoint.txt");
      await fs.writeFile(sinceFile, published);

      // One witness down: the log goes on, the published checkpoint stays where it was.
      w2.up = false;
      await append(log, 5);
      // The log checkpoints the five appends in one or more batches (7, ..., 11): wait until the
      // witness that is up has cosigned the last of them as well as the other is seen down.
      await waitFor(async () => {
        const { witnesses } = (await status()).cosigning;
        expect(witnesses[1]).toMatchObject({ state: "unreachable", cosignedSize: 6 });
        expect(witnesses[0]).toMatchObject({ cosignedSize: 11, state: "cosigned" });
      });
      const lagging = await status();
      // The top level is the published checkpoint (what the text form serves); `cosigning` names both.
      expect(lagging).toMatchObject({ size: 6, note: published, cosigning: { size: 11, status: "pending", publishedSize: 6, published: { size: 6, note: published } } });
      expect(lagging.root).toBe(Buffer.from(published.split("\n")[2]!, "base64").toString("hex"));
      expect(lagging.cosigning.signed).toEqual({ size: 11, note: log.checkpoint.note });
      expect(lagging.cosigning.witnesses[0]).toMatchObject({ name: w1.name, cosignedSize: 11, state: "cosigned" });
      expect(await (await checkpoint()).text()).toBe(published);
      const metrics = await (await server.request("/metrics", { as: "admin" })).text();
      expect(metrics).toMatch(/mohar_audit_checkpoint_size\{checkpoint="signed"\} 11/);
      expect(metrics).toMatch(/mohar_audit_checkpoint_size\{checkpoint="published"\} 6/);
      expect(metrics).toMatch(new RegExp(`mohar_audit_witness_cosigned_size\\{witness="${w2.name}"\\} 6`));
      expect(Number(/^mohar_audit_cosigning_lag_seconds (\S+)$/m.exec(metrics)?.[1])).toBeGreaterThan(0);

      w2.up = true;
      await waitFor(() => expect(log.published?.size).toBe(11));
      const sinceUrl = { since: sinceFile, url: server.url, apiKey: server.keys.auditor, key: key.verifierKey };
      const noConfig = (): Promise<never> => Promise.reject(new Error("--url needs no configuration"));
      expect(await runVerifySince({ ...sinceUrl, witness: [w1.verifierKey, w2.verifierKey] }, noConfig)).toMatchObject({ ok: true, savedSize: 6, size: 11 });
      // A witness whose cosignature the checkpoint does not carry: the quorum of all three fails, two of three pass.
      const stranger = witnessKey("witness.three.example/w", Buffer.alloc(32, 3)).verifierKey;
      const three = [w1.verifierKey, w2.verifierKey, stranger];
      expect(await runVerifySince({ ...sinceUrl, witness: three }, noConfig)).toMatchObject({ ok: false, reason: expect.stringMatching(/cosigned by 2 of the 3 witnesses required \(no valid cosignature by witness.three.example\/w\)/) });
      expect(process.exitCode).toBe(1);
      process.exitCode = 0;
      expect(await runVerifySince({ ...sinceUrl, witness: three, quorum: "2" }, noConfig)).toMatchObject({ ok: true });

      // From the store (idle, every entry signed, so opening it writes nothing): the cosignatures stored beside the checkpoints.
      const storeConfig = (): Promise<ReturnType<typeof loadConfig>> => Promise.resolve(loadConfig({ DATA_DIR: server.dataDir, ...env }));
      const fromStore = await runVerifySince({ since: sinceFile, witness: [w1.verifierKey, w2.verifierKey] }, storeConfig);
      expect(fromStore, JSON.stringify(fromStore)).toMatchObject({ ok: true, size: 11 });
    } finally {
      quiet.mockRestore();
      process.exitCode = 0;
      await srv?.close();
    }
  });

  it("`mohar witness serve` cosigns beside the spec-written witness, keeps what it cosigned across a restart, and answers as tlog-witness says", async () => {
    const [w1] = witnesses as [TestWitness];
    w1.forget(ORIGIN);
    const opts = { name: "witness.district-b.example/w1", keyFile: path.join(dir, "witness-key.pem"), logs: [key.verifierKey], stateDir: path.join(dir, "witness-state"), host: "127.0.0.1", port: 0 };
    let ours: RunningWitness = await serveWitness(opts);
    try {
      const log = await openLog("served", [w1, { verifierKey: ours.verifierKey, base: ours.url }], 2);
      await append(log, 9);
      await waitFor(() => expect(log.published?.size).toBe(9));
      // Its cosignature verifies under the checker written from the spec.
      expect(checkCosignatures(log.published!.note, [ours.verifierKey]).size).toBe(1);
      await log.close();

      // Restarted, it still holds size 9: another history signed with the same key is refused.
      await ours.close();
      ours = await serveWitness(opts);
      const rewritten = await openLog("served-rewritten", [{ verifierKey: ours.verifierKey, base: ours.url }], 1);
      await Promise.all(Array.from({ length: 12 }, (_, i) => rewritten.append({ ...event(i), actor: "someone-else" })));
      await waitFor(() => expect(rewritten.cosigningStatus()!.witnesses[0]).toMatchObject({ state: "refused", lastError: expect.stringMatching(/HTTP 422/) }));
      await rewritten.close();

      const post = (body: string): Promise<Response> => fetch(`${ours.url}/add-checkpoint`, { method: "POST", body });
      const note = log.checkpoint.note;
      expect((await post(`old 0\n\n${note.replace(ORIGIN, "other.example/log")}`)).status).toBe(404);
      expect((await post(`old 0\n\n${note.replace(/\n9\n/, "\n10\n")}`)).status).toBe(403);
      expect((await post(`old 10\n\n${note}`)).status).toBe(400);
      const conflict = await post(`old 3\n\n${note}`);
      expect(conflict.status).toBe(409);
      expect(conflict.headers.get("content-type")).toBe("text/x.tlog.size");
      expect(await conflict.text()).toBe("9\n");
      const again = await post(`old 9\n\n${note}`);
      expect(again.status).toBe(200);
      expect(checkCosignatures(`${note}${await again.text()}`, [ours.verifierKey]).size).toBe(1);
    } finally {
      await ours.close();
    }
  });
});
