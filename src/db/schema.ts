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
}

export interface FileDocumentsTable {
  file_id: string;
  document_id: string;
  attached_by: string;
  attached_at: Timestamp;
}

export interface Database {
  files: FilesTable;
  file_holds: FileHoldsTable;
  file_events: FileEventsTable;
  file_documents: FileDocumentsTable;
}
