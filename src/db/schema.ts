import type { ColumnType, Generated } from "kysely";

/** Who has a file: an officer of the registry, a section (a desk any clerk may receive at), or a user by actor id. */
export type HolderKind = "officer" | "section" | "user";
export type FileStatus = "open" | "parked" | "closed";
export type FileEventAction = "created" | "forwarded" | "received" | "parked" | "closed" | "reopened" | "document_attached";

type Timestamp = ColumnType<Date, Date, Date>;

export interface FilesTable {
  id: string;
  file_number: string;
  subject: string;
  office: string;
  section: string | null;
  created_by: string;
  created_at: Timestamp;
  status: FileStatus;
  holder_kind: HolderKind;
  holder_id: string;
  /** Optimistic lock: every change to the row increments it (the ETag of a file). */
  row_version: number;
}

/** One step of custody: who held the file from when to when. The open step has to_at null. */
export interface FileHoldsTable {
  file_id: string;
  /** The file's office (a file never changes office): the pendency statement reads steps by office. */
  office: string;
  step: number;
  holder_kind: HolderKind;
  holder_id: string;
  from_at: Timestamp;
  to_at: Timestamp | null;
  /** The actor who put the file with this holder (the creator for step 1). */
  sent_by: string;
  remarks: string | null;
  /** YYYY-MM-DD (IST), the date the holder must act by. */
  due_date: string | null;
  received_at: Timestamp | null;
  received_by: string | null;
}

export interface FileEventsTable {
  id: Generated<number>;
  file_id: string;
  office: string;
  action: FileEventAction;
  actor: string;
  at: Timestamp;
  /** The custody step (file_holds) the event concerns: the step it started, or the file's step at the time; null before migration 0007. */
  step: number | null;
}

export interface FileDocumentsTable {
  file_id: string;
  document_id: string;
  attached_by: string;
  attached_at: Timestamp;
}

export type WebhookDeliveryState = "pending" | "delivered" | "failed";

/** A receiver of events: its URL, the event types it wants, its signing secret (whsec_...). */
export interface WebhookSubscriptionsTable {
  id: string;
  url: string;
  /** Space-separated event types. */
  event_types: string;
  description: string | null;
  secret: string;
  enabled: boolean;
  /** Why it was disabled (an admin, or the receiver answering 410 Gone). */
  disabled_reason: string | null;
  created_by: string;
  created_at: Timestamp;
}

/** One event, once: its id is the webhook-id every delivery of it carries. */
export interface WebhookEventsTable {
  id: string;
  type: string;
  /** The JSON body sent, exactly as signed. */
  body: string;
  occurred_at: Timestamp;
}

/** The outbox: one row per event and subscription, delivered in id order per ordering key. */
export interface WebhookDeliveriesTable {
  id: Generated<number>;
  event_id: string;
  subscription_id: string;
  /** Deliveries with one key (a file, a document) go out one after another, in order; null: no order. */
  ordering_key: string | null;
  state: WebhookDeliveryState;
  attempts: number;
  next_attempt_at: Timestamp;
  /** An instance delivering it holds it until then (a crash frees it). */
  lease_until: Timestamp | null;
  last_status: number | null;
  last_error: string | null;
  created_at: Timestamp;
  delivered_at: Timestamp | null;
}

export interface WebhookAttemptsTable {
  delivery_id: number;
  n: number;
  at: Timestamp;
  status: number | null;
  error: string | null;
  ms: number;
}

/** file.overdue is told once per file and due date. */
export interface FileOverdueNoticesTable {
  file_id: string;
  due_date: string;
  noticed_at: Timestamp;
}

/** An Idempotency-Key of one caller: the request it was first used for, and its answer once made. */
export interface IdempotencyKeysTable {
  /** sha256 of the caller's id and the key. */
  id: string;
  fingerprint: string;
  created_at: Timestamp;
  /** The kept answer (JSON), null while the first request runs. */
  response: string | null;
}

/** A document of the vault (its versions' PDFs are in the object store). */
export interface DocumentsTable {
  id: string;
  title: string;
  file_number: string;
  kind: string;
  created_at: Timestamp;
  created_by: string;
}

/** A published version: visible once this row is committed (its PDF was stored before). */
export interface VersionsTable {
  document_id: string;
  n: number;
  sha256: string;
  size: number;
  page_count: number;
  created_at: Timestamp;
  uploader: string;
  derived_from: number | null;
  action: string;
  /** What the signing use case recorded about the signature that made the version. */
  signature: ColumnType<Record<string, unknown> | null, string | null, string | null>;
}

export interface OfficersTable {
  id: string;
  /** The officer's record as the registry keeps it (certificate, key reference, ...). */
  record: ColumnType<Record<string, unknown>, string, string>;
  created_at: Timestamp;
}

/** Which officer holds a certificate, by each of its identities: one certificate, one officer. */
export interface OfficerCertificatesTable {
  identity: string;
  officer_id: string;
}

export interface ApiKeysTable {
  key_id: string;
  secret_sha256: string;
  role: string;
  name: string;
  officer_id: string | null;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
}

/** A two-phase signing session (its prepared PDF is in the object store). */
export interface SigningSessionsTable {
  id: string;
  record: ColumnType<Record<string, unknown>, string, string>;
  created_at: Timestamp;
  completed_at: Timestamp | null;
  result_document_id: string | null;
  result_version: number | null;
}

export interface Database {
  documents: DocumentsTable;
  versions: VersionsTable;
  officers: OfficersTable;
  officer_certificates: OfficerCertificatesTable;
  api_keys: ApiKeysTable;
  signing_sessions: SigningSessionsTable;
  files: FilesTable;
  file_holds: FileHoldsTable;
  file_events: FileEventsTable;
  file_documents: FileDocumentsTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_events: WebhookEventsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  file_overdue_notices: FileOverdueNoticesTable;
  idempotency_keys: IdempotencyKeysTable;
}
