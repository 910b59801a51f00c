import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { startTestServer } from "../helpers/server.js";
import { parseYamlSubset, type YamlValue } from "../helpers/yamlSubset.js";

// There is no container engine here (and `docker compose` is not installed), so these tests
// check the deployment files' invariants directly and run the image's health probe locally.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const read = (file: string): Promise<string> => readFile(path.join(root, file), "utf8");
const run = promisify(execFile);

interface Instruction {
  op: string;
  args: string;
}

/** Dockerfile instructions, stages split at FROM, continuation lines joined. */
async function dockerStages(): Promise<Instruction[][]> {
  const joined = (await read("Dockerfile")).replace(/\\\r?\n/g, " ");
  const stages: Instruction[][] = [];
  for (const line of joined.split(/\r?\n/).map((l) => l.trim())) {
    if (!line || line.startsWith("#")) continue;
    const [, op, args] = /^(\S+)\s*(.*)$/.exec(line) as RegExpExecArray;
    if (op.toUpperCase() === "FROM") stages.push([]);
    if (stages.length === 0) throw new Error(`instruction before FROM: ${line}`);
    stages[stages.length - 1].push({ op: op.toUpperCase(), args });
  }
  return stages;
}

const find = (stage: Instruction[], op: string): Instruction[] => stage.filter((i) => i.op === op);

function field(value: YamlValue | undefined, ...keys: string[]): YamlValue | undefined {
  let v = value;
  for (const key of keys) v = v && typeof v === "object" && !Array.isArray(v) ? v[key] : undefined;
  return v;
}

/** Compose's `${VAR:-default}` with VAR unset: what a fresh checkout runs with. */
const withDefaults = (value: YamlValue | undefined): string =>
  String(value).replace(/\$\{[A-Z0-9_]+:-([^}]*)\}/g, "$1");

describe("Dockerfile", () => {
  it("is multi-stage: builds with npm ci, runs a pruned node 24 (current LTS) image as a non-root user", async () => {
    const stages = await dockerStages();
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) {
      const image = stage[0].args.split(/\s+/)[0];
      // Tagged (never `latest` or untagged) and pinned by the image's digest, so a rebuild gets the same base.
      expect(image).toMatch(/^node:24[\w.-]*@sha256:[0-9a-f]{64}$/);
    }
    const names = stages.map((s) => /\bAS\s+(\S+)/i.exec(s[0].args)?.[1]);
    const runs = stages.flatMap((s) => find(s, "RUN")).map((i) => i.args);
    expect(runs.some((r) => /\bnpm ci\b/.test(r))).toBe(true);
    expect(runs.some((r) => /\bnpm install\b/.test(r))).toBe(false);
    expect(runs.some((r) => /\bnpm prune --omit=dev\b/.test(r))).toBe(true);

    const final = stages[stages.length - 1];
    for (const copy of find(final, "COPY")) {
      const from = /--from=(\S+)/.exec(copy.args)?.[1];
      expect(from, `final stage copies only from the build stage: ${copy.args}`).toBeDefined();
      expect(names.slice(0, -1)).toContain(from);
    }
    const users = find(final, "USER");
    expect(users.length).toBeGreaterThan(0);
    expect(users[users.length - 1].args).not.toMatch(/^(root|0)(:|$)/);
    expect(find(final, "EXPOSE").map((i) => i.args)).toContain("8080");
    const env = find(final, "ENV").map((i) => i.args).join(" ");
    expect(env).toMatch(/\bHOST=0\.0\.0\.0\b/);
    // The audit key is kept apart from the store (DATA_DIR), in a volume of its own.
    expect(env).toMatch(/\bAUDIT_KEY_FILE=\/app\/keys\/audit-key\.pem\b/);
    expect(env).toMatch(/\bDATA_DIR=\/app\/data\b/);
    expect(find(final, "VOLUME").map((i) => i.args).join(" ")).toContain('"/app/keys"');
  });

  it("carries no development keys and runs in production mode", async () => {
    const stages = await dockerStages();
    const final = stages[stages.length - 1];
    expect(find(final, "COPY").map((i) => i.args).join("\n")).not.toMatch(/certs-dev/);
    expect(find(final, "ENV").map((i) => i.args).join(" ")).toMatch(/\bMOHAR_ENV=production\b/);
    const ignored = (await read(".dockerignore")).split(/\r?\n/).map((l) => l.trim());
    expect(ignored).toContain("certs-dev");
  });

  it("starts the CLI entry point that package.json declares", async () => {
    const final = (await dockerStages()).at(-1) as Instruction[];
    const cmd = JSON.parse(find(final, "CMD")[0].args) as string[];
    expect(cmd).toEqual(["node", "dist/cli.js", "serve"]);
    const pkg = JSON.parse(await read("package.json")) as { bin: Record<string, string> };
    expect(pkg.bin.mohar).toBe(cmd[1]);
  });

  it("has a health probe that passes on a healthy server and fails otherwise", async () => {
    const final = (await dockerStages()).at(-1) as Instruction[];
    const [healthcheck] = find(final, "HEALTHCHECK");
    const probe = JSON.parse(healthcheck.args.slice(healthcheck.args.indexOf("CMD") + 3).trim()) as string[];
    expect(probe.slice(0, 2)).toEqual(["node", "-e"]);
    const exitCode = (port: number): Promise<number> =>
      run(process.execPath, probe.slice(1), { env: { ...process.env, PORT: String(port) }, timeout: 10_000 }).then(
        () => 0,
        (err: { code?: number }) => err.code ?? -1,
      );
    const portOf = (url: string): number => Number(new URL(url).port);

    const srv = await startTestServer();
    try {
      expect(await exitCode(portOf(srv.url))).toBe(0);
    } finally {
      await srv.close();
    }

    const failing = http.createServer((_req, res) => res.writeHead(503).end());
    await new Promise<void>((resolve) => failing.listen(0, "127.0.0.1", resolve));
    const port = (failing.address() as AddressInfo).port;
    try {
      expect(await exitCode(port)).toBe(1);
    } finally {
      await new Promise((resolve) => failing.close(resolve));
    }
    expect(await exitCode(port)).toBe(1); // nothing listening any more
  });

  it("keeps host-only files out of the build context", async () => {
    const ignored = (await read(".dockerignore")).split(/\r?\n/).map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(["node_modules", "dist", "data", ".git", ".env*"]));
  });
});

describe("compose.yaml", () => {
  it("runs MinIO with a console, a data volume and a health check", async () => {
    const compose = parseYamlSubset(await read("compose.yaml"));
    const minio = field(compose, "services", "minio");
    expect(String(field(minio, "image"))).toMatch(/^minio\/minio:RELEASE\./);
    expect(field(minio, "command")).toBe("server /data --console-address :9001");
    const volumes = field(minio, "volumes") as string[];
    const volumeName = volumes.find((v) => v.endsWith(":/data"))?.split(":")[0];
    expect(volumeName).toBeDefined();
    expect(Object.keys(field(compose, "volumes") as object)).toContain(volumeName);
    expect(field(minio, "healthcheck", "test")).toEqual(["CMD", "mc", "ready", "local"]);
    // MinIO refuses to start with a root password shorter than 8 characters.
    expect(withDefaults(field(minio, "environment", "MINIO_ROOT_PASSWORD")).length).toBeGreaterThanOrEqual(8);
  });

  it("gives mohar an S3 configuration that the service accepts, pointing at MinIO", async () => {
    const compose = parseYamlSubset(await read("compose.yaml"));
    const mohar = field(compose, "services", "mohar");
    expect(field(mohar, "build")).toBe(".");
    expect(field(mohar, "depends_on", "minio", "condition")).toBe("service_healthy");
    expect((field(mohar, "ports") as string[]).some((p) => p.endsWith("8080:8080"))).toBe(true);

    const env = Object.fromEntries(
      Object.entries(field(mohar, "environment") as Record<string, YamlValue>).map(([k, v]) => [k, withDefaults(v)]),
    );
    const config = loadConfig(env);
    expect(config.store.kind).toBe("s3");
    if (config.store.kind !== "s3") return;
    expect(config.store.endpoint.host).toBe("minio:9000");
    expect(config.store.accessKey).toBe(withDefaults(field(compose, "services", "minio", "environment", "MINIO_ROOT_USER")));
    expect(config.store.secretKey).toBe(
      withDefaults(field(compose, "services", "minio", "environment", "MINIO_ROOT_PASSWORD")),
    );
    // The audit key survives a new container: it sits in a named volume, not in the image layer.
    const keyDir = path.posix.dirname(config.audit.keyFile);
    const keyVolume = (field(mohar, "volumes") as string[]).find((v) => v.endsWith(`:${keyDir}`))?.split(":")[0];
    expect(keyVolume, `a volume mounted at ${keyDir}`).toBeDefined();
    expect(Object.keys(field(compose, "volumes") as object)).toContain(keyVolume);
  });

  it("makes mohar's bucket with object lock and a default retention before mohar starts, and mohar locks its audit objects alike", async () => {
    const compose = parseYamlSubset(await read("compose.yaml"));
    const init = field(compose, "services", "minio-init");
    const mohar = field(compose, "services", "mohar");
    // The same pinned MinIO image, whose bundled mc makes the bucket once MinIO answers.
    expect(field(init, "image")).toBe(field(compose, "services", "minio", "image"));
    expect(field(init, "depends_on", "minio", "condition")).toBe("service_healthy");
    expect(field(mohar, "depends_on", "minio-init", "condition")).toBe("service_completed_successfully");
    const env = Object.fromEntries(Object.entries(field(mohar, "environment") as Record<string, YamlValue>).map(([k, v]) => [k, withDefaults(v)]));
    const config = loadConfig(env);
    if (config.store.kind !== "s3") throw new Error("compose runs mohar on S3");
    expect(config.store.objectLock).toEqual({ mode: "GOVERNANCE", days: 3650, prefix: "audit/" });
    const [shell, script] = [field(init, "entrypoint"), (field(init, "command") as string[])[0]!];
    expect(shell).toEqual(["/bin/sh", "-c"]);
    // Compose turns $$ into $: the shell then reads the init container's own environment.
    const commands = script.replace(/\$\$/g, "$").split(" && ");
    expect(commands).toContain(`mc mb --ignore-existing --with-lock local/${config.store.bucket}`);
    expect(commands).toContain(`mc retention set --default "$AUDIT_OBJECT_LOCK_MODE" "\${AUDIT_OBJECT_LOCK_DAYS}d" local/${config.store.bucket}`);
    for (const name of ["AUDIT_OBJECT_LOCK_MODE", "AUDIT_OBJECT_LOCK_DAYS", "MINIO_ROOT_USER", "MINIO_ROOT_PASSWORD"]) {
      const own = withDefaults(field(init, "environment", name));
      expect(own, name).toBe(name.startsWith("MINIO") ? withDefaults(field(compose, "services", "minio", "environment", name)) : env[name]);
    }
  });

  it("runs PostgreSQL beside mohar, with its data in a volume, and points DATABASE_URL at it", async () => {
    const compose = parseYamlSubset(await read("compose.yaml"));
    const postgres = field(compose, "services", "postgres");
    expect(String(field(postgres, "image"))).toMatch(/^postgres:15[\w.-]*$/);
    expect(field(postgres, "healthcheck", "test")).toContain("pg_isready");
    const dataVolume = (field(postgres, "volumes") as string[]).find((v) => v.endsWith(":/var/lib/postgresql/data"))?.split(":")[0];
    expect(Object.keys(field(compose, "volumes") as object)).toContain(dataVolume);
    const mohar = field(compose, "services", "mohar");
    expect(field(mohar, "depends_on", "postgres", "condition")).toBe("service_healthy");
    const env = Object.fromEntries(Object.entries(field(mohar, "environment") as Record<string, YamlValue>).map(([k, v]) => [k, withDefaults(v)]));
    const config = loadConfig(env);
    expect(config.database.engine).toBe("postgres");
    if (config.database.engine !== "postgres") return;
    const url = new URL(config.database.url);
    expect(url.host).toBe("postgres:5432");
    expect(url.username).toBe(field(postgres, "environment", "POSTGRES_USER"));
    expect(decodeURIComponent(url.password)).toBe(withDefaults(field(postgres, "environment", "POSTGRES_PASSWORD")));
    expect(url.pathname).toBe(`/${String(field(postgres, "environment", "POSTGRES_DB"))}`);
  });
});
