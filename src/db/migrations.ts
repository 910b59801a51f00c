import { sql, type Kysely, type Migration, type MigrationProvider } from "kysely";

/**
 * The schema's versions, in code so the build carries them into dist/. Append new ones; never
 * edit one that has shipped (the Migrator refuses a database whose history differs).
 */
const migrations: Record<string, Migration> = {
  "0001_files": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("files")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("file_number", "text", (c) => c.notNull().unique())
        .addColumn("subject", "text", (c) => c.notNull())
        .addColumn("office", "text", (c) => c.notNull())
        .addColumn("section", "text")
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("created_at", "timestamptz", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('open', 'parked', 'closed')`))
        .addColumn("holder_kind", "text", (c) => c.notNull().check(sql`holder_kind in ('officer', 'section', 'user')`))
        .addColumn("holder_id", "text", (c) => c.notNull())
        .addColumn("row_version", "integer", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("files_holder").on("files").columns(["holder_kind", "holder_id", "status"]).execute();
      await db.schema.createIndex("files_office").on("files").columns(["office", "status"]).execute();
      await db.schema
        .createTable("file_holds")
        .addColumn("file_id", "text", (c) => c.notNull().references("files.id"))
        .addColumn("step", "integer", (c) => c.notNull())
        .addColumn("holder_kind", "text", (c) => c.notNull())
        .addColumn("holder_id", "text", (c) => c.notNull())
        .addColumn("from_at", "timestamptz", (c) => c.notNull())
        .addColumn("to_at", "timestamptz")
        .addColumn("sent_by", "text", (c) => c.notNull())
        .addColumn("remarks", "text")
        .addColumn("due_date", "text")
        .addColumn("received_at", "timestamptz")
        .addColumn("received_by", "text")
        .addPrimaryKeyConstraint("file_holds_pk", ["file_id", "step"])
        .execute();
      // Pending lists and the pendency report read the open steps of one holder or office.
      await db.schema.createIndex("file_holds_open").on("file_holds").columns(["holder_kind", "holder_id", "from_at"]).where(sql.ref("to_at"), "is", null).execute();
      await db.schema.createIndex("file_holds_time").on("file_holds").columns(["from_at", "to_at"]).execute();
      await db.schema
        .createTable("file_events")
        .addColumn("id", "bigserial", (c) => c.primaryKey())
        .addColumn("file_id", "text", (c) => c.notNull().references("files.id"))
        .addColumn("office", "text", (c) => c.notNull())
        .addColumn("action", "text", (c) => c.notNull())
        .addColumn("actor", "text", (c) => c.notNull())
        .addColumn("at", "timestamptz", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("file_events_office_at").on("file_events").columns(["office", "at"]).execute();
      await db.schema
        .createTable("file_documents")
        .addColumn("file_id", "text", (c) => c.notNull().references("files.id"))
        .addColumn("document_id", "text", (c) => c.notNull())
        .addColumn("attached_by", "text", (c) => c.notNull())
        .addColumn("attached_at", "timestamptz", (c) => c.notNull())
        .addPrimaryKeyConstraint("file_documents_pk", ["file_id", "document_id"])
        .execute();
    },
  },
  "0002_webhooks": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("webhook_subscriptions")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("url", "text", (c) => c.notNull())
        .addColumn("event_types", "text", (c) => c.notNull())
        .addColumn("description", "text")
        .addColumn("secret", "text", (c) => c.notNull())
        .addColumn("enabled", "boolean", (c) => c.notNull())
        .addColumn("disabled_reason", "text")
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("created_at", "timestamptz", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("webhook_events")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("type", "text", (c) => c.notNull())
        .addColumn("body", "text", (c) => c.notNull())
        .addColumn("occurred_at", "timestamptz", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("webhook_deliveries")
        .addColumn("id", "bigserial", (c) => c.primaryKey())
        .addColumn("event_id", "text", (c) => c.notNull().references("webhook_events.id"))
        .addColumn("subscription_id", "text", (c) => c.notNull().references("webhook_subscriptions.id").onDelete("cascade"))
        .addColumn("ordering_key", "text")
        .addColumn("state", "text", (c) => c.notNull().check(sql`state in ('pending', 'delivered', 'failed')`))
        .addColumn("attempts", "integer", (c) => c.notNull())
        .addColumn("next_attempt_at", "timestamptz", (c) => c.notNull())
        .addColumn("lease_until", "timestamptz")
        .addColumn("last_status", "integer")
        .addColumn("last_error", "text")
        .addColumn("created_at", "timestamptz", (c) => c.notNull())
        .addColumn("delivered_at", "timestamptz")
        .execute();
      // The dispatcher reads the pending ones that are due; the order check reads a key's pending ones.
      await db.schema.createIndex("webhook_deliveries_due").on("webhook_deliveries").columns(["next_attempt_at", "id"]).where(sql.ref("state"), "=", "pending").execute();
      await db.schema.createIndex("webhook_deliveries_key").on("webhook_deliveries").columns(["subscription_id", "ordering_key", "id"]).where(sql.ref("state"), "=", "pending").execute();
      await db.schema.createIndex("webhook_deliveries_log").on("webhook_deliveries").columns(["subscription_id", "id"]).execute();
      await db.schema
        .createTable("webhook_attempts")
        .addColumn("delivery_id", "bigint", (c) => c.notNull().references("webhook_deliveries.id").onDelete("cascade"))
        .addColumn("n", "integer", (c) => c.notNull())
        .addColumn("at", "timestamptz", (c) => c.notNull())
        .addColumn("status", "integer")
        .addColumn("error", "text")
        .addColumn("ms", "integer", (c) => c.notNull())
        .addPrimaryKeyConstraint("webhook_attempts_pk", ["delivery_id", "n"])
        .execute();
      await db.schema
        .createTable("file_overdue_notices")
        .addColumn("file_id", "text", (c) => c.notNull().references("files.id"))
        .addColumn("due_date", "text", (c) => c.notNull())
        .addColumn("noticed_at", "timestamptz", (c) => c.notNull())
        .addPrimaryKeyConstraint("file_overdue_notices_pk", ["file_id", "due_date"])
        .execute();
    },
  },
  "0003_idempotency_keys": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("idempotency_keys")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("fingerprint", "text", (c) => c.notNull())
        .addColumn("created_at", "timestamptz", (c) => c.notNull())
        .addColumn("response", "text")
        .execute();
      await db.schema.createIndex("idempotency_keys_created").on("idempotency_keys").column("created_at").execute();
    },
  },
  "0004_holds_office": {
    // The weekly pendency statement asks, per office, which custody steps were open at a moment.
    // Reaching them through files scanned every step of the office's history (150 ms at a million
    // movements); each step now carries its file's office (a file never changes office), and two
    // indexes give the steps open now and the steps that ended after the moment asked about.
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable("file_holds").addColumn("office", "text").execute();
      await sql`update file_holds h set office = f.office from files f where f.id = h.file_id`.execute(db);
      await db.schema.alterTable("file_holds").alterColumn("office", (c) => c.setNotNull()).execute();
      await db.schema.createIndex("file_holds_office_open").on("file_holds").columns(["office", "from_at"]).where(sql.ref("to_at"), "is", null).execute();
      await db.schema.createIndex("file_holds_office_ended").on("file_holds").columns(["office", "to_at"]).where(sql.ref("to_at"), "is not", null).execute();
    },
  },
  "0005_metadata": {
    // Metadata that lived as JSON objects in the object store (#12): documents and their versions
    // (the PDFs stay in the store), officers, API keys, signing sessions.
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("documents")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("title", "text", (c) => c.notNull())
        .addColumn("file_number", "text", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("created_at", "timestamptz", (c) => c.notNull())
        .addColumn("created_by", "text", (c) => c.notNull())
        .execute();
      // The file-number index: a file's documents, oldest first.
      await db.schema.createIndex("documents_file_number").on("documents").columns(["file_number", "created_at", "id"]).execute();
      await db.schema
        .createTable("versions")
        .addColumn("document_id", "text", (c) => c.notNull().references("documents.id").onDelete("cascade"))
        .addColumn("n", "integer", (c) => c.notNull().check(sql`n >= 1`))
        .addColumn("sha256", "text", (c) => c.notNull())
        .addColumn("size", "bigint", (c) => c.notNull())
        .addColumn("page_count", "integer", (c) => c.notNull())
        .addColumn("created_at", "timestamptz", (c) => c.notNull())
        .addColumn("uploader", "text", (c) => c.notNull())
        .addColumn("derived_from", "integer")
        .addColumn("action", "text", (c) => c.notNull())
        .addColumn("signature", "jsonb")
        // One number, one version: the guard a publish's transaction relies on.
        .addPrimaryKeyConstraint("versions_pk", ["document_id", "n"])
        .execute();
      // The start-up reconciliation reads the versions made since a time.
      await db.schema.createIndex("versions_created_at").on("versions").column("created_at").execute();
      await db.schema
        .createTable("officers")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("record", "jsonb", (c) => c.notNull())
        .addColumn("created_at", "timestamptz", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("officer_certificates")
        .addColumn("identity", "text", (c) => c.primaryKey())
        .addColumn("officer_id", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("api_keys")
        .addColumn("key_id", "text", (c) => c.primaryKey())
        .addColumn("secret_sha256", "text", (c) => c.notNull())
        .addColumn("role", "text", (c) => c.notNull())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("officer_id", "text")
        .addColumn("created_at", "timestamptz", (c) => c.notNull())
        .addColumn("revoked_at", "timestamptz")
        .execute();
      await db.schema
        .createTable("signing_sessions")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("record", "jsonb", (c) => c.notNull())
        .addColumn("created_at", "timestamptz", (c) => c.notNull())
        .addColumn("completed_at", "timestamptz")
        .addColumn("result_document_id", "text")
        .addColumn("result_version", "integer")
        .execute();
    },
  },
  "0006_signatures_by_office": {
    // The activity report counts signatures made in a period per office (the office of the file
    // the document is on): the signed versions of the period come from a partial index by time,
    // and a document's files by its number (files' unique file_number) or by attachment.
    async up(db: Kysely<unknown>) {
      await db.schema.createIndex("versions_signed_at").on("versions").column("created_at").where(sql.ref("action"), "=", "signature").execute();
      await db.schema.createIndex("file_documents_document").on("file_documents").column("document_id").execute();
    },
  },
  "0007_file_events_audit": {
    // A file event is committed before its audit entry is appended; at start the reconciliation
    // reads the events of a recent window by time (across offices) and names each one's custody
    // step and holder (events from before this migration have no step: null).
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable("file_events").addColumn("step", "integer").execute();
      await db.schema.createIndex("file_events_at").on("file_events").column("at").execute();
    },
  },
};

export const inCodeMigrations: MigrationProvider = {
  getMigrations: async () => migrations,
};
