import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { esignIdentitySchema } from "../esign/index.js";
import { MoharError } from "../errors.js";
import { certificateToPem, describeCertificate, verifyRawSignature } from "../pki/index.js";
import type { Kysely } from "kysely";
import { isUniqueViolation, type Database } from "../db/index.js";
import type { OfficerKeyConfig } from "./keyConfig.js";
import { certificateFromPem, newOfficerSchema, officerIdSchema, toPublicOfficer, type Officer, type PublicOfficer } from "./officer.js";
import { loadOfficerKey } from "./officerKeyStore.js";


const certificateTaken = (owner: string): MoharError =>
  new MoharError("officer.certificate_taken", `this certificate belongs to officer ${owner} already; an officer signs only with their own certificate`);

/** What makes a certificate one person's: its SHA-256, and its issuer with the subject's serialNumber attribute when it has one. */
export function certificateIdentities(certificate: Buffer): string[] {
  const d = describeCertificate(certificate);
  const serial = d.subjectAttributes.serialNumber;
  return [`sha256-${d.sha256}`, ...(serial ? [`holder-${createHash("sha256").update(`${d.issuer}\n${serial}`).digest("hex")}`] : [])];
}

const seedSchema = z.array(
  z.object({
    id: officerIdSchema,
    name: z.string().min(1),
    designation: z.string().min(1),
    department: z.string().min(1),
    p12Path: z.string().min(1),
    certificatePath: z.string().min(1),
    chainPaths: z.array(z.string().min(1)).optional(),
    esign: esignIdentitySchema.optional(),
  }),
);

export interface SeedResult {
  created: string[];
  existing: string[];
}

/**
 * Officers and their certificates, one row each in the database (`officers`, with each
 * certificate's identities in `officer_certificates`). Records are never replaced; a renewed
 * certificate is a new officer entry.
 */
export class OfficerRegistry {
  /** Records read, by id: a record is never removed nor replaced, only given an eSign identity once. */
  private readonly seen = new Map<string, Officer>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly keys: OfficerKeyConfig,
  ) {}

  /**
   * An officer's record. One read once is kept for the process (#16: a query per signature
   * otherwise): an officer is never removed and its record never replaced (a renewed certificate
   * is a new officer), so what is kept stays true, except that an eSign identity may be added
   * later, here or on another instance: a kept record without one is read again when `esign` is
   * asked for. An id not found is not kept.
   */
  async get(id: string, want: { esign?: boolean } = {}): Promise<Officer> {
    const kept = this.seen.get(id);
    if (kept && (kept.esign || !want.esign)) return kept;
    const notFound = new MoharError("officer.not_found", `there is no officer with id ${JSON.stringify(id)}`);
    if (!officerIdSchema.safeParse(id).success) throw notFound;
    const row = await this.db.selectFrom("officers").select("record").where("id", "=", id).executeTakeFirst();
    if (!row) throw notFound;
    return this.keep(row.record as unknown as Officer);
  }

  private keep(officer: Officer): Officer {
    // Bounded: dropped whole if it ever grows large (a registry holds far fewer officers).
    if (this.seen.size >= 10_000) this.seen.clear();
    // Shared by every caller from now on: frozen, so that no caller's change reaches another.
    this.seen.set(officer.id, deepFreeze(officer));
    return officer;
  }

  async list(): Promise<Officer[]> {
    const rows = await this.db.selectFrom("officers").select("record").orderBy("id").execute();
    return rows.map((r) => r.record as unknown as Officer);
  }

  /**
   * Adds the eSign identity of an officer registered without one: set once (in the row, under its
   * lock), a second is a conflict.
   */
  async setEsignIdentity(id: string, input: unknown): Promise<PublicOfficer> {
    const parsed = esignIdentitySchema.safeParse(input);
    if (!parsed.success) throw new MoharError("officer.invalid", parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "));
    const officer = await this.get(id);
    const updated = await this.db.transaction().execute(async (tx) => {
      const row = await tx.selectFrom("officers").select("record").where("id", "=", officer.id).forUpdate().executeTakeFirstOrThrow();
      const record = row.record as unknown as Officer;
      if (record.esign) throw new MoharError("officer.esign_identity_exists", `officer ${id} has an eSign identity already; it is set once`);
      const next: Officer = { ...record, esign: parsed.data };
      await tx.updateTable("officers").set({ record: JSON.stringify(next) }).where("id", "=", officer.id).execute();
      return next;
    });
    this.keep(updated);
    return toPublicOfficer(updated, certificateFromPem(updated.certificatePem));
  }

  async getPublic(id: string): Promise<PublicOfficer> {
    const o = await this.get(id, { esign: true });
    return toPublicOfficer(o, certificateFromPem(o.certificatePem));
  }

  async listPublic(): Promise<PublicOfficer[]> {
    return (await this.list()).map((o) => toPublicOfficer(o, certificateFromPem(o.certificatePem)));
  }

  /**
   * Registers an officer. The certificate must parse, and the key (a PKCS#12 file opening with
   * the configured password, or a token key) must belong to it: a PKCS#12 key is compared with
   * the certificate, a token key signs a probe that the certificate verifies.
   */
  async create(input: unknown): Promise<PublicOfficer> {
    const parsed = newOfficerSchema.safeParse(input);
    if (!parsed.success) {
      throw new MoharError("officer.invalid", parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "));
    }
    const o = parsed.data;
    const certificate = certificateFromPem(o.certificatePem);
    const record: Officer = {
      id: o.id,
      name: o.name,
      designation: o.designation,
      department: o.department,
      certificatePem: certificateToPem(certificate),
      ...(o.chainPem ? { chainPem: o.chainPem } : {}),
      ...(o.esign ? { esign: o.esign } : {}),
      key: o.pkcs11 ? { type: "pkcs11", ...o.pkcs11 } : { type: "p12", path: path.join(this.keys.keyDir, o.p12File ?? "") },
      createdAt: new Date().toISOString(),
    };
    await this.assertCertificateFree(record.id, certificate);
    const key = await loadOfficerKey(record, this.keys);
    const probe = Buffer.from(`mohar key check for ${o.id}`);
    if (!verifyRawSignature(certificate, probe, await key.sign(probe))) {
      throw new MoharError("key.mismatch", `the key given for officer ${o.id} does not belong to its certificate`);
    }
    return this.put(record, certificate);
  }

  /**
   * Adds the officers of a dev-certs `officers.json` that are not registered yet. The seed is
   * trusted local material, so only its certificates are checked here; opening each key file
   * would cost a PKCS#12 decryption per officer on every start.
   */
  async seedFrom(seedFile: string): Promise<SeedResult> {
    const seeds = seedSchema.parse(JSON.parse(await fs.readFile(seedFile, "utf8")));
    const base = path.dirname(path.resolve(seedFile));
    const result: SeedResult = { created: [], existing: [] };
    for (const s of seeds) {
      if (await this.db.selectFrom("officers").select("id").where("id", "=", s.id).executeTakeFirst()) {
        result.existing.push(s.id);
        // An officer seeded before the seed named an eSign identity gets it now.
        if (s.esign && !(await this.get(s.id, { esign: true })).esign) {
          await this.setEsignIdentity(s.id, s.esign).catch((err: unknown) => {
            if (!(err instanceof MoharError && err.code === "officer.esign_identity_exists")) throw err;
          });
        }
        continue;
      }
      const certificatePem = await fs.readFile(path.resolve(base, s.certificatePath), "utf8");
      const certificate = certificateFromPem(certificatePem);
      const p12Path = path.resolve(base, s.p12Path);
      await fs.access(p12Path);
      // The issuers go with the record so that two-phase signing (which never opens the key) has the chain.
      const chainPem = (await Promise.all((s.chainPaths ?? []).map((c) => fs.readFile(path.resolve(base, c), "utf8")))).join("");
      const record: Officer = {
        id: s.id,
        name: s.name,
        designation: s.designation,
        department: s.department,
        certificatePem: certificateToPem(certificate),
        ...(chainPem ? { chainPem } : {}),
        ...(s.esign ? { esign: s.esign } : {}),
        key: { type: "p12", path: p12Path },
        createdAt: new Date().toISOString(),
      };
      try {
        await this.put(record, certificate);
        result.created.push(s.id);
      } catch (err) {
        // Another instance seeded it first.
        if (!(err instanceof MoharError && err.code === "officer.exists")) throw err;
        result.existing.push(s.id);
      }
    }
    return result;
  }

  /**
   * A certificate belongs to one officer: by its SHA-256 and by its issuer and subject serial
   * number (the holder's identity in an Indian DSC), whatever the officer id. Registered officers
   * are compared too, so records made before the index was kept count as well.
   */
  private async assertCertificateFree(id: string, certificate: Buffer): Promise<void> {
    const mine = certificateIdentities(certificate);
    for (const other of await this.list()) {
      if (other.id === id) continue;
      const theirs = certificateIdentities(certificateFromPem(other.certificatePem));
      if (mine.some((k) => theirs.includes(k))) throw certificateTaken(other.id);
    }
  }

  private async put(record: Officer, certificate: Buffer): Promise<PublicOfficer> {
    return putOfficer(this.db, record, certificate);
  }
}

/**
 * Stores an officer and claims its certificate's identities, in one transaction: two
 * registrations racing for one certificate, or for one id, cannot both win.
 */
export async function putOfficer(db: Kysely<Database>, record: Officer, certificate: Buffer): Promise<PublicOfficer> {
  await db.transaction().execute(async (tx) => {
    for (const identity of certificateIdentities(certificate)) {
      await tx.insertInto("officer_certificates").values({ identity, officer_id: record.id }).onConflict((oc) => oc.column("identity").doNothing()).execute();
      const owner = await tx.selectFrom("officer_certificates").select("officer_id").where("identity", "=", identity).executeTakeFirstOrThrow();
      if (owner.officer_id !== record.id) throw certificateTaken(owner.officer_id);
    }
    try {
      await tx.insertInto("officers").values({ id: record.id, record: JSON.stringify(record), created_at: new Date(record.createdAt) }).execute();
    } catch (err) {
      if (isUniqueViolation(err)) throw new MoharError("officer.exists", `an officer with id ${record.id} exists already`);
      throw err;
    }
  });
  return toPublicOfficer(record, certificate);
}

/**
 * Stores an officer record read from elsewhere (`mohar db import`), with its certificate's
 * identities, each only if absent. Returns whether the officer was added now.
 */
export async function importOfficer(db: Kysely<Database>, record: Officer): Promise<boolean> {
  const certificate = certificateFromPem(record.certificatePem);
  return db.transaction().execute(async (tx) => {
    for (const identity of certificateIdentities(certificate)) {
      await tx.insertInto("officer_certificates").values({ identity, officer_id: record.id }).onConflict((oc) => oc.column("identity").doNothing()).execute();
    }
    const added = await tx
      .insertInto("officers")
      .values({ id: record.id, record: JSON.stringify(record), created_at: new Date(record.createdAt) })
      .onConflict((oc) => oc.column("id").doNothing())
      .executeTakeFirst();
    return Number(added.numInsertedOrUpdatedRows ?? 0) > 0;
  });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
