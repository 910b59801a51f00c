/** JSON values, for OpenAPI fragments. */
export type Json = { [k: string]: Json } | Json[] | string | number | boolean | null;

const str: Json = { type: "string" };
const int: Json = { type: "integer" };
const bool: Json = { type: "boolean" };
const hex64: Json = { type: "string", pattern: "^[0-9a-f]{64}$" };
const time: Json = { type: "string", format: "date-time" };
const nullable = (schema: Json): Json => ({ oneOf: [schema, { type: "null" }] });
const obj = (required: string[], properties: Record<string, Json>): Json => ({ type: "object", required, properties });
const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });

/**
 * The shapes of mohar's answers, as OpenAPI 3.1 (JSON Schema 2020-12) components: what a client
 * generator needs. Objects may carry more properties than listed (additions are not breaking).
 */
export const API_SCHEMAS: Record<string, Json> = {
  Certificate: obj(["subject", "issuer", "serialHex", "sha256"], { subject: str, issuer: str, serialHex: str, sha256: hex64 }),
  SignatureRecord: obj(["fieldName", "signingTime", "officerId", "certificate", "timestamped"], {
    fieldName: str,
    signingTime: time,
    officerId: str,
    certificate: ref("Certificate"),
    timestamped: bool,
  }),
  VersionRecord: obj(["n", "sha256", "size", "pageCount", "createdAt", "uploader", "derivedFrom", "action"], {
    n: int,
    sha256: hex64,
    size: int,
    pageCount: int,
    createdAt: time,
    uploader: str,
    derivedFrom: nullable(int),
    action: { enum: ["upload", "signature"] },
    signature: ref("SignatureRecord"),
  }),
  /** A version as the routes that make one answer: its record with the document id and number. */
  Version: { allOf: [ref("VersionRecord"), obj(["id", "version"], { id: { type: "string", format: "uuid" }, version: int })] },
  /** A weekly statement as issued: the document it was stored as, and its signed first version. */
  Statement: { allOf: [ref("DocumentMeta"), ref("Version")] },
  DocumentMeta: obj(["id", "title", "fileNumber", "kind", "createdAt", "createdBy"], {
    id: { type: "string", format: "uuid" },
    title: str,
    fileNumber: str,
    kind: { enum: ["letter", "notesheet", "other"] },
    createdAt: time,
    createdBy: str,
  }),
  CreatedDocument: { allOf: [ref("DocumentMeta"), ref("Version")] },
  Document: {
    allOf: [ref("DocumentMeta"), obj(["versions"], { versions: { type: "array", items: ref("VersionRecord") } })],
  },
  DocumentList: obj(["fileNumber", "documents"], { fileNumber: str, documents: { type: "array", items: ref("Document") } }),
  PreparedSession: obj(["sessionId", "documentId", "version", "digestToSign", "signedAttributes", "contentDigest", "fieldName", "signingTime", "expiresAt"], {
    sessionId: str,
    documentId: str,
    version: int,
    digestToSign: { type: "string", contentEncoding: "base64" },
    signedAttributes: { type: "string", contentEncoding: "base64" },
    contentDigest: { type: "string", contentEncoding: "base64" },
    fieldName: str,
    signingTime: time,
    expiresAt: time,
  }),
  SigningSession: obj(["sessionId", "status", "officerId", "documentId", "version", "fieldName", "signingTime", "expiresAt", "result"], {
    sessionId: str,
    status: { enum: ["open", "completing", "completed", "expired"] },
    officerId: str,
    documentId: nullable(str),
    version: nullable(int),
    fieldName: str,
    signingTime: time,
    expiresAt: time,
    result: nullable(obj(["documentId", "version", "location"], { documentId: str, version: int, location: str })),
  }),
  RevisionChange: obj(["revision", "classification", "category", "description"], {
    revision: int,
    classification: { enum: ["allowed", "not_allowed"] },
    category: str,
    description: str,
    fieldName: str,
  }),
  SignatureReport: obj(["fieldName", "kind", "status", "subIndication", "statusReason", "integrity", "certificate", "revocation", "changesAfter", "problems"], {
    fieldName: str,
    kind: { enum: ["signature", "document_timestamp"] },
    subFilter: nullable(str),
    signer: nullable(obj(["subject", "issuer", "serialHex"], { subject: str, issuer: str, serialHex: str })),
    claimedSigningTime: nullable(str),
    signingTime: obj(["time", "source"], { time: str, source: { enum: ["timestamp", "claimed", "validation_time"] } }),
    status: { enum: ["TOTAL_PASSED", "INDETERMINATE", "TOTAL_FAILED"] },
    subIndication: nullable(str),
    statusReason: str,
    integrity: { type: "object" },
    certificate: obj(["chainOk", "trusted", "validAtSigningTime", "keyUsageOk", "path"], {
      chainOk: bool,
      trusted: bool,
      validAtSigningTime: bool,
      keyUsageOk: bool,
      path: { type: "array", items: str },
      /** Informational: the India PKI assurance class of the signer certificate and whether its root is CCA India's. */
      indiaPki: nullable(
        obj(["assuranceClass", "ccaPolicies", "ccaRooted", "root", "note"], {
          assuranceClass: nullable({ enum: ["Class 1", "Class 2", "Class 3"] }),
          ccaPolicies: { type: "array", items: str },
          ccaRooted: bool,
          root: nullable(str),
          note: str,
        }),
      ),
    }),
    revocation: obj(["status", "source", "detail"], { status: str, source: nullable(str), detail: str }),
    changesAfter: { type: "array", items: ref("RevisionChange") },
    problems: { type: "array", items: str },
  }),
  VerificationReport: obj(["status", "subIndication", "statusReason", "revisions", "signatureCount", "signatures"], {
    status: { enum: ["TOTAL_PASSED", "INDETERMINATE", "TOTAL_FAILED"] },
    subIndication: nullable(str),
    statusReason: str,
    revisions: int,
    signatureCount: int,
    emptySignatureFields: { type: "array", items: str },
    lastRevisionCovered: bool,
    trailingBytes: int,
    signatures: { type: "array", items: ref("SignatureReport") },
  }),
  AuditEntry: obj(["seq", "time", "prevHash", "actor", "action", "outcome"], {
    seq: int,
    time: time,
    prevHash: hex64,
    actor: str,
    action: str,
    documentId: str,
    version: int,
    sha256: hex64,
    outcome: { enum: ["success", "failure"] },
    detail: str,
    requestId: str,
  }),
  AuditEntries: obj(["size", "entries"], { size: int, from: int, to: int, documentId: str, next: nullable(int), entries: { type: "array", items: ref("AuditEntry") } }),
  Checkpoint: obj(["origin", "size", "root", "publicKey", "note"], { origin: str, size: int, root: hex64, time: nullable(str), publicKey: str, verifierKey: str, note: str }),
  InclusionProof: obj(["seq", "treeSize", "leafHash", "root", "proof"], { seq: int, treeSize: int, leafHash: hex64, root: hex64, proof: { type: "array", items: hex64 } }),
  ConsistencyProof: obj(["from", "to", "fromRoot", "toRoot", "proof"], { from: int, to: int, fromRoot: hex64, toRoot: hex64, proof: { type: "array", items: hex64 } }),
  Timeline: obj(["documentId", "steps", "next"], {
    documentId: str,
    steps: { type: "array", items: { allOf: [ref("AuditEntry"), obj(["elapsedMs", "sinceFirstMs"], { elapsedMs: nullable(int), sinceFirstMs: int })] } },
    next: nullable(int),
  }),
  Officer: obj(["id", "name", "designation", "department", "certificate"], {
    id: str,
    name: str,
    designation: str,
    department: str,
    certificate: obj(["subject", "issuer", "serialHex", "notBefore", "notAfter", "sha256"], { subject: str, issuer: str, serialHex: str, notBefore: str, notAfter: str, sha256: hex64, pem: str }),
  }),
  OfficerList: obj(["officers"], { officers: { type: "array", items: ref("Officer") } }),
  Status: obj(["status"], { status: str }),
  ConsoleSession: obj(["actor", "csrf"], {
    actor: nullable(obj(["id", "roles"], { id: str, roles: { type: "array", items: str }, officerId: str })),
    csrf: nullable(str),
  }),
  Holder: obj(["kind", "id"], { kind: { enum: ["officer", "section", "user"] }, id: str }),
  File: obj(["id", "fileNumber", "subject", "office", "section", "createdBy", "createdAt", "status", "holder", "version", "dueDate", "documents"], {
    id: str,
    fileNumber: str,
    subject: str,
    office: str,
    section: nullable(str),
    createdBy: str,
    createdAt: time,
    status: { enum: ["open", "parked", "closed"] },
    holder: ref("Holder"),
    version: int,
    dueDate: nullable(str),
    documents: { type: "array", items: str },
  }),
  FileSummary: obj(["id", "fileNumber", "subject", "office", "section", "status", "holder", "version", "createdAt"], {
    id: str,
    fileNumber: str,
    subject: str,
    office: str,
    section: nullable(str),
    status: { enum: ["open", "parked", "closed"] },
    holder: ref("Holder"),
    version: int,
    createdAt: time,
  }),
  FileList: obj(["files"], { files: { type: "array", items: ref("FileSummary") } }),
  Movements: obj(["fileId", "movements"], {
    fileId: str,
    movements: {
      type: "array",
      items: obj(["step", "holder", "from", "to", "calendarMs", "workingMs", "sentBy"], {
        step: int,
        holder: ref("Holder"),
        from: time,
        to: nullable(time),
        calendarMs: int,
        workingMs: int,
        sentBy: str,
        remarks: nullable(str),
        dueDate: nullable(str),
        receivedAt: nullable(str),
        receivedBy: nullable(str),
      }),
    },
  }),
  Pending: obj(["holder", "pending"], {
    holder: ref("Holder"),
    pending: {
      type: "array",
      items: obj(["fileId", "fileNumber", "subject", "office", "status", "since", "daysHeld", "dueDate", "overdue", "received"], {
        fileId: str,
        fileNumber: str,
        subject: str,
        office: str,
        status: str,
        since: time,
        daysHeld: { type: "number" },
        dueDate: nullable(str),
        overdue: bool,
        received: bool,
      }),
    },
  }),
  PendencyReport: obj(["asOf", "office", "rows"], { asOf: time, office: nullable(str), rows: { type: "array", items: { type: "object" } } }),
  ActivityReport: obj(["from", "to", "office", "rows"], { from: time, to: time, office: nullable(str), rows: { type: "array", items: { type: "object" } } }),
};
