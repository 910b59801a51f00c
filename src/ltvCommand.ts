import http from "node:http";
import type { AddressInfo } from "node:net";
import { readFile, writeFile } from "node:fs/promises";
import type { Config } from "./config.js";
import { loadDevTsa, type DevTsa } from "./devTsaFiles.js";
import { MoharError } from "./errors.js";
import { preparePdfSignature } from "./pdf/index.js";
import { RevocationSource } from "./pki/index.js";
import { addDocumentTimestamp } from "./signing/index.js";

/** A TSA to stamp with: its URL, the certificates it is known to sign with, and how to let it go. */
export interface TsaChoice {
  url: string;
  certificates: Buffer[];
  close(): Promise<void>;
}

/** The development TSA answering on a loopback port of this process, for as long as the command runs. */
async function serveLocally(tsa: DevTsa): Promise<TsaChoice> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void tsa.respond(Buffer.concat(chunks)).then((reply) => res.writeHead(200, { "content-type": "application/timestamp-reply" }).end(reply));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`,
    certificates: [tsa.certificate, ...tsa.chain],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** --tsa-url, else TSA_URL, else the development TSA (DEV_TSA), as signing chooses. */
export async function chooseTsa(config: Config, tsaUrl: string | undefined): Promise<TsaChoice> {
  const url = tsaUrl ?? (config.pki.tsaUrl === "self" ? null : config.pki.tsaUrl);
  if (url) return { url, certificates: [], close: async () => {} };
  if (config.pki.tsaUrl === "self" && config.pki.devTsa) return serveLocally(await loadDevTsa(config.pki.devTsa));
  throw new MoharError("signing.no_tsa", "a document timestamp needs a TSA: give --tsa-url, set TSA_URL, or turn DEV_TSA on");
}

/** `mohar ltv extend <in> -o <out>`: the PDF with a document timestamp (PAdES B-LTA) appended. */
export async function ltvExtend(input: string, out: string, opts: { tsaUrl?: string; crlDir?: string }, config: Config): Promise<string> {
  const revocation = opts.crlDir !== undefined ? (opts.crlDir ? RevocationSource.fromDir(opts.crlDir) : RevocationSource.empty()) : RevocationSource.fromDirIfPresent(config.pki.crlDir);
  const pdf = await readFile(input);
  const tsa = await chooseTsa(config, opts.tsaUrl);
  try {
    // A local file had no upload check: its cross-reference chain is read whole, every offset checked (#16).
    const preparePdf: typeof preparePdfSignature = (file, options) => preparePdfSignature(file, { ...options, wholeChain: true });
    const done = await addDocumentTimestamp({ pdf, tsaUrl: tsa.url, tsaCertificates: tsa.certificates, revocation, preparePdf });
    await writeFile(out, done.pdf);
    return `timestamped ${input} -> ${out}: field ${done.fieldName}, validation data for ${done.covered} earlier signature(s) in the /DSS`;
  } finally {
    await tsa.close();
  }
}

/**
 * `mohar ltv job --horizon-days N`: the re-timestamping job over the configured store and
 * database (run it as `mohar audit check-vault` is run: with the service stopped when the
 * database is the embedded PGlite). Progress goes to stderr, the summary is returned.
 */
export async function ltvJob(opts: { horizonDays: number; tsaUrl?: string }, config: Config): Promise<{ text: string; failed: number }> {
  const [{ AuditLog, loadOrCreateLogKey }, { openStore }, { Vault }, { DatabaseHandle }, { retimestampVault }, { TargetPolicy, WebhookService }] = await Promise.all([
    import("./audit/index.js"),
    import("./store/index.js"),
    import("./vault/index.js"),
    import("./db/index.js"),
    import("./ltvJob.js"),
    import("./webhooks/index.js"),
  ]);
  const revocation = RevocationSource.fromDirIfPresent(config.pki.crlDir);
  const store = await openStore(config.store);
  const database = new DatabaseHandle(config.database);
  const tsa = await chooseTsa(config, opts.tsaUrl);
  try {
    const audit = await AuditLog.open({ store, key: await loadOrCreateLogKey(config.audit.keyFile, config.audit.origin) });
    try {
      const vault = await Vault.open(store, await database.get());
      const s = await retimestampVault({
        vault,
        audit,
        webhooks: new WebhookService({ db: () => database.get(), dbIfOpen: () => database.ifOpened(), policy: new TargetPolicy(config.webhooks.allowNetworks) }),
        horizonDays: opts.horizonDays,
        stamp: (pdf) => addDocumentTimestamp({ pdf, tsaUrl: tsa.url, tsaCertificates: tsa.certificates, revocation }),
        progress: (line) => console.error(line),
      });
      const failures = s.failed.map((f) => `\nFAILED: document ${f.documentId} version ${f.version}: ${f.reason}`).join("");
      return { text: `${s.checked} signed latest versions checked: ${s.extended} extended with a document timestamp, ${s.notDue} not due (horizon ${opts.horizonDays} days), ${s.failed.length} failed${failures}`, failed: s.failed.length };
    } finally {
      await audit.close();
    }
  } finally {
    await tsa.close();
    await database.close();
    await store.close();
  }
}
