// Generated from the OpenAPI document by scripts/generateClientTypes.ts (npm run client-types); do not edit.
export interface paths {
    "/v1/documents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List documents by file number */
        get: operations["listDocuments"];
        put?: never;
        /** Upload a new document (version 1) */
        post: operations["uploadDocument"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/documents/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Document metadata with all versions */
        get: operations["getDocument"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/documents/{id}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a revised draft as a new version (form field expectedVersion or If-Match: only after that version) */
        post: operations["addVersion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/documents/{id}/versions/{n}/content": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The PDF of one version (ETag = sha256, Range supported) */
        get: operations["getVersionContent"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/documents/{id}/signatures": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign the latest version with an officer's key (If-Match or expectedVersion: only that version) */
        post: operations["signDocument"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/documents/{id}/timestamps": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add a document timestamp (PAdES B-LTA) to the latest version, as a new version
         * @description Appends the earlier signatures' validation data (certificates, CRLs, OCSP responses) in the /DSS and a /DocTimeStamp from the service's TSA, so the signatures stay verifiable after their certificates and the first TSA's certificate expire. If-Match or expectedVersion: only that version.
         */
        post: operations["timestampDocument"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/documents/{id}/signatures/prepare": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Two-phase signing: get the digest to sign with a USB token or eSign
         * @description Same options as POST /signatures, plus certificatePem/chainPem when the signing certificate is not the officer's on record.
         */
        post: operations["prepareSignature"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/signing-sessions/{sid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A two-phase signing session: its status and, once completed, the version it made */
        get: operations["getSigningSession"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/signing-sessions/{sid}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Two-phase signing: send the raw signature or a CMS (a retry after success answers with the same version) */
        post: operations["completeSignature"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/documents/{id}/esign": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Aadhaar eSign: start a transaction for the latest version (returns the form the browser posts to the ESP)
         * @description The officer must have a registered eSign identity. The answer's form (action, fields eSignRequest/aspTxnID/Content-Type) is posted by the officer's browser to the ESP, which posts its response to POST /v1/esign/response.
         */
        post: operations["startEsign"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/esign/transactions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Aadhaar eSign of several documents in one transaction (one InputHash each) */
        post: operations["startEsignBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/esign/transactions/{txn}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An eSign transaction: open, expired (the ESP never answered), refused, or each document's outcome */
        get: operations["getEsignTransaction"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/esign/response": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The ASP callback (responseUrl): the ESP's signed EsignResp, brought by the officer's browser
         * @description Form fields eSignResponse (the EsignResp XML) and espTxnID. Authenticated by the ESP's XML signature (the configured ESP certificate), not by a credential; each signed document becomes a new version with its own audit entry. HTML for a browser, JSON when asked for.
         */
        post: operations["esignResponse"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/dev/esp/signdoc": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Development ESP (DEV_ESP): takes the ASP's signed Esign request, asks for a development Aadhaar number and OTP */
        post: operations["devEspSignDoc"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/dev/esp/authenticate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Development ESP: the Aadhaar number and OTP; answers with the page posting the signed EsignResp to the ASP's responseUrl */
        post: operations["devEspAuthenticate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Verify every signature of an uploaded PDF (a failing signature is still a 200 with its report; as a PDF with ?format=pdf or Accept: application/pdf) */
        post: operations["verifyUpload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/documents/{id}/versions/{n}/verification": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Verification report of a stored version (as a PDF with ?format=pdf or Accept: application/pdf) */
        get: operations["verifyVersion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit/checkpoint": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Latest signed checkpoint of the audit log (C2SP signed note; with a witness quorum, the newest one the quorum cosigned, with their cosignature lines; JSON with ?format=json) */
        get: operations["getCheckpoint"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit/entries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Audit entries by range [from, to) (at most 1000) or by documentId */
        get: operations["listAuditEntries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit/proofs/inclusion": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** RFC 9162 inclusion proof */
        get: operations["getInclusionProof"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit/proofs/consistency": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** RFC 9162 consistency proof */
        get: operations["getConsistencyProof"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Entries, checkpoints and the log key for offline audit (mohar audit verify) */
        get: operations["exportAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/documents/{id}/timeline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who acted on the document, when, and how long each step took */
        get: operations["getTimeline"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/officers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Registered officers (public fields only) */
        get: operations["listOfficers"];
        put?: never;
        /** Register an officer (admin) */
        post: operations["registerOfficer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/officers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One officer (public fields only) */
        get: operations["getOfficer"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/officers/{id}/esign-identity": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add the eSign identity of an officer registered without one (admin; set once)
         * @description The name and the identifier (pseudonym or serialNumber) the ESP writes in its per-transaction certificates; an eSign certificate is accepted for the officer only when it names both.
         */
        post: operations["setOfficerEsignIdentity"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** API keys: ids, roles, names, officer bindings and whether revoked; never a secret (admin) */
        get: operations["listApiKeys"];
        put?: never;
        /** Create an API key (admin); the whole key is in this answer only */
        post: operations["createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keys/{keyId}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke an API key (admin); sessions and requests with it are refused from then on (other instances: within 30 s) */
        post: operations["revokeApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/files": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List files (oldest first, at most 500) */
        get: operations["listFiles"];
        put?: never;
        /** Open a file; the caller holds it first */
        post: operations["openFile"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/files/{fileId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One file with its holder, version and documents */
        get: operations["getFile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/files/{fileId}/movements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every custody step: holder, from, to, calendar and working time */
        get: operations["listMovements"];
        put?: never;
        /** Forward the file to an officer or a section (holder or admin; If-Match: the file version you saw) */
        post: operations["forwardFile"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/files/{fileId}/receive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Receive the file (the addressee officer, or anyone at the addressee section) */
        post: operations["receiveFile"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/files/{fileId}/park": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Park the file (holder or admin) */
        post: operations["parkFile"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/files/{fileId}/close": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Close the file (holder or admin) */
        post: operations["closeFile"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/files/{fileId}/reopen": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reopen a parked or closed file */
        post: operations["reopenFile"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/files/{fileId}/documents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Put a vault document on the file (holder or admin) */
        post: operations["attachDocument"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/officers/me/pending": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What is with the caller, oldest first, with days held and overdue flags */
        get: operations["myPending"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/officers/{id}/pending": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What is with an officer, oldest first, with days held and overdue flags */
        get: operations["officerPending"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reports/pendency": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Weekly arrear statement per office and holder: pending, overdue, pending > 7 days, median days held (JSON, or CSV with Accept: text/csv or ?format=csv) */
        get: operations["pendencyReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reports/pendency/statements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The weekly arrear statement as a PDF in Hindi and English, signed (the caller's officer key, or the office seal) and stored as a document to be filed
         * @description Signed with the key of officerId (the caller's own officer), else the caller's bound officer, else the office seal (STATEMENT_SEAL_OFFICER). The statement is a new document (kind other) under fileNumber, by default PENDENCY/<office>/<date>.
         */
        post: operations["issuePendencyStatement"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reports/activity": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Files created, received, forwarded, parked, closed and reopened, and signatures made (on the documents of the office's files), per office in [from, to] (JSON or CSV) */
        get: operations["activityReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Webhook subscriptions (admin; secrets are never listed) */
        get: operations["listWebhooks"];
        put?: never;
        /** Subscribe a receiver URL to events (admin); the answer carries the signing secret, shown this once */
        post: operations["createWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{wid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One webhook subscription (admin) */
        get: operations["getWebhook"];
        put?: never;
        post?: never;
        /** Delete a subscription and its delivery log; undelivered events to it are dropped (admin) */
        delete: operations["deleteWebhook"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{wid}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Stop deliveries to a subscription: no new events are queued for it, pending ones wait (admin) */
        post: operations["disableWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{wid}/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resume deliveries to a subscription; the events that waited go out in order (admin) */
        post: operations["enableWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{wid}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The delivery log, newest first: each event's attempts, status codes, errors and next attempt (admin) */
        get: operations["listWebhookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{wid}/deliveries/{did}/redeliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a delivered or failed delivery's event again (same webhook-id), as a new delivery retried for 24 h (admin) */
        post: operations["redeliverWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics */
        get: operations["metrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/dev/tsa": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Development RFC 3161 time-stamping authority (when DEV_TSA is on) */
        post: operations["devTsa"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The web console for clerks, officers and auditors (also at /console/; its scripts, pdf.js and fonts are served under /console/) */
        get: operations["consolePage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/console/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The console session's actor and CSRF token (both null when not signed in) */
        get: operations["consoleSessionInfo"];
        put?: never;
        /**
         * Console sign-in: exchanges an API key or JWT for an HttpOnly SameSite=Strict session cookie and a CSRF token (send it as X-Mohar-CSRF)
         * @description The credential is kept on the server; the browser holds only an opaque session id. JSON only, so no HTML form can post it from another site.
         */
        post: operations["consoleSignIn"];
        /** Console sign-out (needs X-Mohar-CSRF); the cookie is cleared */
        delete: operations["consoleSignOut"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Process is up */
        get: operations["healthz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Ready for work: the database answers (and, embedded, can still make writes durable), the object store is reachable, the audit log can record, and the service is not shutting down */
        get: operations["readyz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This document */
        get: operations["openapi"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Certificate: {
            subject: string;
            issuer: string;
            serialHex: string;
            sha256: string;
        };
        SignatureRecord: {
            fieldName: string;
            /** Format: date-time */
            signingTime: string;
            officerId: string;
            certificate: components["schemas"]["Certificate"];
            timestamped: boolean;
        };
        VersionRecord: {
            n: number;
            sha256: string;
            size: number;
            pageCount: number;
            /** Format: date-time */
            createdAt: string;
            uploader: string;
            derivedFrom: number | null;
            /** @enum {unknown} */
            action: "upload" | "signature" | "timestamp";
            signature?: components["schemas"]["SignatureRecord"];
        };
        Version: components["schemas"]["VersionRecord"] & {
            /** Format: uuid */
            id: string;
            version: number;
        };
        Statement: components["schemas"]["DocumentMeta"] & components["schemas"]["Version"];
        DocumentMeta: {
            /** Format: uuid */
            id: string;
            title: string;
            fileNumber: string;
            /** @enum {unknown} */
            kind: "letter" | "notesheet" | "other";
            /** Format: date-time */
            createdAt: string;
            createdBy: string;
        };
        CreatedDocument: components["schemas"]["DocumentMeta"] & components["schemas"]["Version"];
        Document: components["schemas"]["DocumentMeta"] & {
            versions: components["schemas"]["VersionRecord"][];
        };
        DocumentList: {
            fileNumber: string;
            documents: components["schemas"]["Document"][];
        };
        PreparedSession: {
            sessionId: string;
            documentId: string;
            version: number;
            digestToSign: string;
            signedAttributes: string;
            contentDigest: string;
            fieldName: string;
            /** Format: date-time */
            signingTime: string;
            /** Format: date-time */
            expiresAt: string;
        };
        SigningSession: {
            sessionId: string;
            /** @enum {unknown} */
            status: "open" | "completing" | "completed" | "expired";
            officerId: string;
            documentId: string | null;
            version: number | null;
            fieldName: string;
            /** Format: date-time */
            signingTime: string;
            /** Format: date-time */
            expiresAt: string;
            result: {
                documentId: string;
                version: number;
                location: string;
            } | null;
        };
        RevisionChange: {
            revision: number;
            /** @enum {unknown} */
            classification: "allowed" | "not_allowed";
            category: string;
            description: string;
            fieldName?: string;
        };
        RevocationEntry: {
            /** @enum {unknown} */
            role: "signer" | "issuing_ca";
            subject: string;
            serialHex: string;
            /** @enum {unknown} */
            status: "good" | "revoked" | "unknown" | "no_data";
            /** @enum {unknown} */
            source: "embedded_cms" | "embedded_dss" | "crl_dir" | "live_ocsp" | "live_crl" | "none";
            url: string | null;
            answeredAt: string | null;
            revokedAt: string | null;
            detail: string;
            fetches: {
                /** @enum {unknown} */
                kind: "ocsp" | "crl";
                url: string;
                /** @enum {unknown} */
                outcome: "fetched" | "cached" | "stale" | "refused_host" | "unsupported_url" | "unreachable" | "timeout" | "too_large" | "http_error" | "garbage";
                detail: string;
            }[];
        };
        SignatureReport: {
            fieldName: string;
            /** @enum {unknown} */
            kind: "signature" | "document_timestamp";
            subFilter?: string | null;
            signer?: {
                subject: string;
                issuer: string;
                serialHex: string;
            } | null;
            claimedSigningTime?: string | null;
            signingTime?: {
                time: string;
                /** @enum {unknown} */
                source: "timestamp" | "claimed" | "validation_time";
            };
            /** @enum {unknown} */
            status: "TOTAL_PASSED" | "INDETERMINATE" | "TOTAL_FAILED";
            subIndication: string | null;
            statusReason: string;
            integrity: Record<string, never>;
            certificate: {
                chainOk: boolean;
                trusted: boolean;
                validAtSigningTime: boolean;
                keyUsageOk: boolean;
                path: string[];
                indiaPki?: {
                    assuranceClass: ("Class 1" | "Class 2" | "Class 3") | null;
                    ccaPolicies: string[];
                    ccaRooted: boolean;
                    root: string | null;
                    note: string;
                } | null;
            };
            revocation: {
                /** @enum {unknown} */
                status: "good" | "revoked" | "unknown" | "no_data";
                source: string | null;
                detail: string;
                checks: components["schemas"]["RevocationEntry"][];
            };
            changesAfter: components["schemas"]["RevisionChange"][];
            problems: string[];
        };
        VerificationReport: {
            /** @enum {unknown} */
            status: "TOTAL_PASSED" | "INDETERMINATE" | "TOTAL_FAILED";
            subIndication: string | null;
            statusReason: string;
            revisions: number;
            signatureCount: number;
            emptySignatureFields?: string[];
            lastRevisionCovered?: boolean;
            trailingBytes?: number;
            encryption?: string | null;
            repairs?: string[];
            damage?: string[];
            signatures: components["schemas"]["SignatureReport"][];
        };
        AuditEntry: {
            seq: number;
            /** Format: date-time */
            time: string;
            prevHash: string;
            actor: string;
            action: string;
            documentId?: string;
            version?: number;
            sha256?: string;
            fileId?: string;
            fileEvent?: number;
            /** @enum {unknown} */
            outcome: "success" | "failure";
            detail?: string;
            requestId?: string;
        };
        AuditEntries: {
            size: number;
            from?: number;
            to?: number;
            documentId?: string;
            next?: number | null;
            entries: components["schemas"]["AuditEntry"][];
        };
        Checkpoint: {
            origin: string;
            size: number;
            root: string;
            time?: string | null;
            publicKey: string;
            verifierKey?: string;
            note: string;
            cosigning?: {
                quorum: number;
                size: number;
                publishedSize: number | null;
                /** @enum {string} */
                status: "cosigned" | "pending";
                lagSeconds: number;
                witnesses: {
                    name: string;
                    verifierKey: string;
                    cosignedSize: number | null;
                    /** @enum {string} */
                    state: "cosigned" | "pending" | "unreachable" | "refused";
                    lastError: string | null;
                    failures: number;
                }[];
                signed: {
                    size: number;
                    note: string;
                };
                published: {
                    size: number;
                    note: string;
                } | null;
            };
        };
        InclusionProof: {
            seq: number;
            treeSize: number;
            leafHash: string;
            root: string;
            proof: string[];
        };
        ConsistencyProof: {
            from: number;
            to: number;
            fromRoot: string;
            toRoot: string;
            proof: string[];
        };
        Timeline: {
            documentId: string;
            steps: (components["schemas"]["AuditEntry"] & {
                elapsedMs: number | null;
                sinceFirstMs: number;
            })[];
            next: number | null;
        };
        Officer: {
            id: string;
            name: string;
            designation: string;
            department: string;
            esign?: {
                name: string;
                /** @enum {string} */
                idAttribute: "pseudonym" | "serialNumber";
                id: string;
            } | null;
            certificate: {
                subject: string;
                issuer: string;
                serialHex: string;
                notBefore: string;
                notAfter: string;
                sha256: string;
                pem?: string;
            };
        };
        EsignStarted: {
            txn: string;
            expiresAt: string;
            form: {
                action: string;
                method: string;
                fields: {
                    [key: string]: string;
                };
            };
            documents: {
                documentId: string;
                version: number;
            }[];
        };
        EsignTransaction: {
            txn: string;
            /** @enum {string} */
            status: "open" | "expired" | "answering" | "completed" | "partial" | "failed" | "refused";
            officerId: string;
            expiresAt: string;
            esp?: {
                errCode: string;
                errMsg: string;
            } | null;
            documents: {
                documentId: string;
                version: number;
                /** @enum {string} */
                status: "waiting" | "signed" | "failed";
                signedVersion?: number;
                location?: string;
                error?: {
                    code: string;
                    detail: string;
                };
            }[];
        };
        OfficerList: {
            officers: components["schemas"]["Officer"][];
        };
        ApiKey: {
            keyId: string;
            /** @enum {unknown} */
            role: "clerk" | "officer" | "auditor" | "admin" | "metrics";
            name: string;
            officerId?: string;
            /** Format: date-time */
            createdAt: string;
            revoked: boolean;
        };
        ApiKeyList: {
            keys: components["schemas"]["ApiKey"][];
        };
        CreatedApiKey: {
            /** @description the whole key, shown only in this answer */
            key: string;
            record: components["schemas"]["ApiKey"];
        };
        Status: {
            status: string;
        };
        ConsoleSession: {
            actor: {
                id: string;
                roles: string[];
                officerId?: string;
            } | null;
            csrf: string | null;
        };
        Holder: {
            /** @enum {unknown} */
            kind: "officer" | "section" | "user";
            id: string;
        };
        File: {
            id: string;
            fileNumber: string;
            subject: string;
            office: string;
            section: string | null;
            createdBy: string;
            /** Format: date-time */
            createdAt: string;
            /** @enum {unknown} */
            status: "open" | "parked" | "closed";
            holder: components["schemas"]["Holder"];
            version: number;
            dueDate: string | null;
            documents: string[];
        };
        FileSummary: {
            id: string;
            fileNumber: string;
            subject: string;
            office: string;
            section: string | null;
            /** @enum {unknown} */
            status: "open" | "parked" | "closed";
            holder: components["schemas"]["Holder"];
            version: number;
            /** Format: date-time */
            createdAt: string;
        };
        FileList: {
            files: components["schemas"]["FileSummary"][];
        };
        Movements: {
            fileId: string;
            movements: {
                step: number;
                holder: components["schemas"]["Holder"];
                /** Format: date-time */
                from: string;
                to: string | null;
                calendarMs: number;
                workingMs: number;
                sentBy: string;
                remarks?: string | null;
                dueDate?: string | null;
                receivedAt?: string | null;
                receivedBy?: string | null;
            }[];
        };
        Pending: {
            holder: components["schemas"]["Holder"];
            pending: {
                fileId: string;
                fileNumber: string;
                subject: string;
                office: string;
                status: string;
                /** Format: date-time */
                since: string;
                daysHeld: number;
                dueDate: string | null;
                overdue: boolean;
                received: boolean;
            }[];
        };
        PendencyReport: {
            /** Format: date-time */
            asOf: string;
            office: string | null;
            rows: Record<string, never>[];
        };
        ActivityReport: {
            /** Format: date-time */
            from: string;
            /** Format: date-time */
            to: string;
            office: string | null;
            rows: Record<string, never>[];
        };
        WebhookSubscription: {
            /** Format: uuid */
            id: string;
            url: string;
            events: ("document.signed" | "version.added" | "file.moved" | "file.overdue" | "verification.failed")[];
            description: string | null;
            enabled: boolean;
            disabledReason: string | null;
            createdBy: string;
            /** Format: date-time */
            createdAt: string;
        };
        WebhookSubscriptionCreated: components["schemas"]["WebhookSubscription"] & {
            secret: string;
        };
        WebhookSubscriptionList: {
            subscriptions: components["schemas"]["WebhookSubscription"][];
        };
        WebhookDelivery: {
            id: number;
            eventId: string;
            type: string;
            orderingKey: string | null;
            /** @enum {unknown} */
            state: "pending" | "delivered" | "failed";
            nextAttemptAt: string | null;
            lastStatus: number | null;
            lastError: string | null;
            /** Format: date-time */
            createdAt: string;
            deliveredAt: string | null;
            attempts: {
                n: number;
                /** Format: date-time */
                at: string;
                status: number | null;
                error: string | null;
                ms: number;
            }[];
        };
        WebhookDeliveries: {
            subscriptionId: string;
            deliveries: components["schemas"]["WebhookDelivery"][];
        };
        Problem: {
            type: string;
            title: string;
            status: number;
            /** @description what went wrong with this request, in words a person can act on */
            detail: string;
            code: components["schemas"]["ErrorCode"];
            /** @description the request's X-Request-Id, as in the log and the audit entry */
            requestId?: string;
        };
        /**
         * @description - `audit.bad_claim` (400): An audit claim names no valid document version.
         *     - `audit.bad_event` (400): An audit event lacks a field or carries a bad one.
         *     - `audit.bad_key` (400): The audit log's signing key file is not an Ed25519 key.
         *     - `audit.bad_origin` (400): The audit log's origin line is not valid.
         *     - `audit.bad_proof_request` (400): The proof asks for tree sizes or an index the log does not have.
         *     - `audit.bad_query` (400): A query parameter of an audit route is missing or malformed.
         *     - `audit.closed` (503): The audit log is closed or failed; nothing can be recorded now.
         *     - `audit.not_cosigned` (503): No audit checkpoint has been cosigned by the witness quorum yet; retry later.
         *     - `audit.integrity` (503): The audit log does not match its own chain or signed checkpoints; nothing is recorded until an operator has looked.
         *     - `auth.bad_key_request` (400): An API key request names no valid role, name or officer.
         *     - `auth.bad_scheme` (401): The Authorization header uses a scheme other than Bearer.
         *     - `auth.credential_in_query` (400): A credential was sent in the query string; send it in a header.
         *     - `auth.empty_credential` (401): The credential header is present but empty.
         *     - `auth.invalid_key` (401): The API key is unknown, revoked or wrong.
         *     - `auth.invalid_token` (401): The JWT does not verify (signature, issuer, audience, expiry or algorithm).
         *     - `auth.jwt_not_configured` (401): A JWT was sent but this service is not configured to verify JWTs.
         *     - `auth.key_not_found` (404): No API key has this id.
         *     - `auth.malformed_key` (401): The credential is not a well-formed mohar API key or JWT.
         *     - `auth.not_this_officer` (403): The caller is not bound to the officer the request names.
         *     - `auth.not_this_officer_certificate` (403): The certificate given is not the officer's certificate on record.
         *     - `auth.rate_limited` (429): Too many requests from this caller; retry after the time given.
         *     - `auth.required` (401): The route needs a credential (Authorization: Bearer or X-API-Key).
         *     - `auth.role` (403): The caller's role may not use this route.
         *     - `auth.two_credentials` (400): Two credentials were sent; send exactly one.
         *     - `cert.expired` (422): The signer's certificate has expired.
         *     - `cert.invalid` (400): A certificate cannot be read.
         *     - `cert.key_usage` (422): The certificate may not be used for signatures (key usage).
         *     - `cert.not_yet_valid` (422): The signer's certificate is not valid yet.
         *     - `cert.revoked` (422): The signer's certificate is revoked.
         *     - `cli.bad_option` (400): A command-line option is missing or malformed.
         *     - `cms.digest_mismatch` (422): The CMS signs another content than the prepared document.
         *     - `cms.invalid` (400): The CMS signature cannot be parsed or has more or fewer than one signer.
         *     - `cms.not_pades` (422): The CMS is not a PAdES signature (content type, ESS signing certificate).
         *     - `console.bad_sign_in` (400): Console sign-in needs JSON {"credential": "..."} with an API key or JWT.
         *     - `console.cross_origin` (403): A console request came from another origin than the console's own.
         *     - `console.csrf` (403): A state-changing console request lacks the session's X-Mohar-CSRF token.
         *     - `console.json_required` (415): Console sign-in must be sent as application/json.
         *     - `console.session_expired` (401): The console session has expired or was signed out; sign in again.
         *     - `console.too_many_sessions` (429): Too many console sessions are open; try again later.
         *     - `cors.origin_not_allowed` (403): The page's origin is not listed in CORS_ORIGINS.
         *     - `database.not_durable` (503): The embedded database failed to sync its log to disk; it serves no further requests (reads and writes) until the service is restarted.
         *     - `database.unavailable` (503): The database cannot be reached; retry later.
         *     - `document.not_found` (404): No document has this id.
         *     - `esign.bad_request` (400): The eSign request is not a well-formed Esign request signed by a registered ASP.
         *     - `esign.bad_response` (400): The ESP's answer is not a well-formed EsignResp signed by the configured ESP certificate.
         *     - `esign.identity_mismatch` (422): The eSign certificate does not name the officer's registered eSign identity.
         *     - `esign.no_identity` (422): The officer has no registered eSign identity.
         *     - `esign.not_configured` (503): No eSign Service Provider is configured on this service.
         *     - `esign.not_loopback` (403): The development ESP answers only requests from this machine.
         *     - `esign.refused` (422): The ESP refused the eSign transaction (wrong OTP, expired request, unknown ASP...).
         *     - `esign.too_many_documents` (400): An eSign transaction carries too many documents.
         *     - `esign.transaction_completed` (409): The eSign transaction has been answered already.
         *     - `esign.transaction_expired` (410): The eSign transaction expired before the ESP answered; start again.
         *     - `esign.transaction_not_found` (404): No eSign transaction has this id.
         *     - `esign.unknown_asp` (403): The ESP does not know this ASP id or its signing certificate.
         *     - `esign.untrusted_certificate` (422): The eSign certificate does not chain to a configured ESP CA.
         *     - `file.already_received` (409): The file has been received already.
         *     - `file.bad_if_match` (400): If-Match is not a file version such as "3".
         *     - `file.bad_input` (400): The file request lacks a field or carries a bad one.
         *     - `file.bad_status` (400): status must be open, parked or closed.
         *     - `file.closed` (409): The file is closed; reopen it first.
         *     - `file.document_attached` (409): The document is on the file already.
         *     - `file.due_date_past` (400): The due date is in the past.
         *     - `file.moved` (409): The file changed since the version given (another holder acted first).
         *     - `file.not_addressee` (403): Only the addressee (the officer, or someone at the section) may receive the file.
         *     - `file.not_found` (404): No file has this id.
         *     - `file.not_holder` (403): Only the file's current holder (or an admin) may do this.
         *     - `file.number_taken` (409): A file with this file number exists already.
         *     - `file.open` (409): The file is open already.
         *     - `file.parked` (409): The file is parked; it cannot change that way from there.
         *     - `file.unknown_document` (422): No document has this id.
         *     - `file.unknown_officer` (422): No officer has this id.
         *     - `idempotency.in_progress` (409): A request with this Idempotency-Key is still being processed; retry shortly.
         *     - `idempotency.key_reused` (422): This Idempotency-Key was used for a different request; use a new key.
         *     - `internal` (500): An internal error; it has been logged.
         *     - `key.bad_file` (422): The officer's key file cannot be read as PKCS#12.
         *     - `key.bad_password` (422): The officer's key cannot be opened with the configured password or PIN.
         *     - `key.bad_reference` (422): The officer's key reference (file or token slot) is not usable.
         *     - `key.mismatch` (422): The key does not belong to the officer's certificate.
         *     - `key.missing` (422): The officer has no signing key configured.
         *     - `key.token_refused` (422): The PKCS#11 token refused to sign.
         *     - `key.token_unavailable` (503): The PKCS#11 token cannot be reached; retry later.
         *     - `key.unavailable` (422): The officer's key cannot be loaded.
         *     - `key.unsupported_algorithm` (422): The key's algorithm cannot sign PAdES signatures here.
         *     - `limits.parse_memory` (422): Reading the PDF needed more memory than PARSE_MAX_HEAP_MB allows.
         *     - `limits.parse_timeout` (422): Reading the PDF took longer than PARSE_TIMEOUT_MS allows.
         *     - `officer.bad_certificate` (400): The officer's certificate cannot be read.
         *     - `officer.certificate_taken` (409): The certificate belongs to another officer already.
         *     - `officer.esign_identity_exists` (409): The officer has an eSign identity already; it is set once.
         *     - `officer.exists` (409): An officer with this id is registered already.
         *     - `officer.invalid` (400): The officer's registration lacks a field or carries a bad one.
         *     - `officer.not_found` (404): No officer has this id.
         *     - `pdf.certified_no_changes` (409): The document is certified with no changes permitted (DocMDP P=1).
         *     - `pdf.certify_not_first` (409): A certification signature must be the document's first signature.
         *     - `pdf.contents_size` (400): The signature placeholder size is out of range.
         *     - `pdf.decode_limit` (422): A stream in the PDF decompresses to more than mohar reads (16 MiB a stream, 64 MiB a document): a compression bomb.
         *     - `pdf.empty` (400): The file is empty.
         *     - `pdf.encrypted` (422): The PDF is encrypted.
         *     - `pdf.no_catalog` (422): The PDF has no document catalog.
         *     - `pdf.not_pdf` (415): The file is not a PDF (no %PDF- header).
         *     - `pdf.page_out_of_range` (400): The page number is not a page of the document.
         *     - `pdf.page_without_mediabox` (422): The page has no readable /MediaBox, so a visible signature cannot be placed on it.
         *     - `pdf.password_required` (422): The PDF is protected by a password and cannot be opened without it.
         *     - `pdf.placeholder_missing` (400): The prepared PDF has no signature placeholder where expected.
         *     - `pdf.rect_invalid` (400): The signature rectangle is not four numbers with a positive width and height.
         *     - `pdf.rect_out_of_page` (400): The signature rectangle does not lie within the page's visible area (CropBox).
         *     - `pdf.signature_too_large` (422): The signature does not fit its placeholder.
         *     - `pdf.too_many_pages` (422): The PDF has more pages than MAX_PAGES allows.
         *     - `pdf.too_many_revisions` (422): The PDF has more incremental revisions than can be checked.
         *     - `pdf.truncated` (422): The PDF ends before its trailer (truncated).
         *     - `pdf.unparsable` (422): The PDF's structure cannot be read.
         *     - `pdf.unreadable` (422): The PDF cannot be read for verification.
         *     - `pdf.xref_broken` (422): The PDF's cross-reference data is broken.
         *     - `range.not_satisfiable` (416): The requested byte range lies outside the file.
         *     - `report.bad_asOf` (400): asOf is not a date YYYY-MM-DD or an ISO 8601 time.
         *     - `report.bad_from` (400): from is not a date YYYY-MM-DD or an ISO 8601 time.
         *     - `report.bad_office` (400): office must be given once, 1 to 150 characters.
         *     - `report.no_signer` (409): No key to sign the statement with: the caller is bound to no officer and no office seal (STATEMENT_SEAL_OFFICER) is set.
         *     - `report.bad_range` (400): from is after to.
         *     - `report.bad_to` (400): to is not a date YYYY-MM-DD or an ISO 8601 time.
         *     - `request.bad_derivedFrom` (400): derivedFrom is not a version number.
         *     - `request.bad_expectedVersion` (400): expectedVersion is not a version number.
         *     - `request.bad_idempotency_key` (400): Idempotency-Key is not 1 to 255 printable ASCII characters.
         *     - `request.bad_if_match` (400): If-Match is neither * nor a list of entity tags.
         *     - `request.bad_path_encoding` (400): The request path holds a malformed percent-encoding.
         *     - `request.charset.unsupported` (415): The request body's charset is not supported.
         *     - `request.encoding.unsupported` (415): The request body's content encoding is not supported.
         *     - `request.entity.parse.failed` (400): The request body is not valid JSON.
         *     - `request.entity.too.large` (413): The request body is larger than the route accepts.
         *     - `request.file_number_required` (400): The query parameter fileNumber is required.
         *     - `request.headers_too_large` (431): The request's header fields are too large.
         *     - `request.invalid` (400): The request body does not match the route's schema.
         *     - `request.malformed_http` (400): The request is not valid HTTP/1.1.
         *     - `request.repeated_query` (400): A query parameter is given more than once.
         *     - `request.timeout` (408): The request was not received in time.
         *     - `route.not_found` (404): No route has this method and path.
         *     - `service.draining` (503): The service is shutting down and takes no new work.
         *     - `signature.mismatch` (422): The signature does not verify with the certificate over what was prepared.
         *     - `signing.bad_chain` (400): chainPem does not hold PEM certificates.
         *     - `signing.completion_input` (400): Give exactly one of signature and cms.
         *     - `signing.document_changed` (409): The document gained a version after the session was prepared; prepare again.
         *     - `signing.no_tsa` (400): A timestamp was asked for but no TSA is configured.
         *     - `signing.session_completed` (409): The signing session has been completed already.
         *     - `signing.session_expired` (410): The signing session expired; prepare again.
         *     - `signing.session_not_found` (404): No signing session has this id.
         *     - `signing.session_without_document` (400): The signing session was not prepared for a stored document.
         *     - `store.bad_key` (400): An object key is not valid.
         *     - `store.exists` (409): The object exists already and is never overwritten.
         *     - `store.full` (507): The store has no space left: nothing was stored. An operator must free or add space.
         *     - `store.not_found` (404): The object does not exist.
         *     - `store.unavailable` (503): The object store is unavailable; retry later.
         *     - `trust.bad_certificate` (400): A trust anchor file holds something that is not a certificate.
         *     - `trust.empty` (400): The trust anchors hold no certificate.
         *     - `trust.not_found` (400): The trust anchor file or directory does not exist.
         *     - `tsa.media_type` (415): Send a DER TimeStampReq as application/timestamp-query.
         *     - `tsa.unavailable` (503): The timestamp authority cannot be reached or answered badly; retry later.
         *     - `upload.file_required` (400): The multipart upload has no file part.
         *     - `upload.malformed` (400): The multipart upload cannot be read.
         *     - `upload.too_large` (413): The upload is larger than MAX_UPLOAD_BYTES.
         *     - `upload.unexpected_field` (400): The multipart upload has a file part other than file.
         *     - `vault.bad_action` (400): A version's action is not upload or signature.
         *     - `vault.bad_derived_from` (400): derivedFrom must name an existing version.
         *     - `vault.bad_kind` (400): kind must be letter, notesheet or other.
         *     - `vault.bad_range` (400): The byte range is not valid.
         *     - `vault.createdBy_invalid` (400): createdBy must not contain control characters.
         *     - `vault.createdBy_required` (400): createdBy is required.
         *     - `vault.createdBy_too_long` (400): createdBy is longer than allowed.
         *     - `vault.fileNumber_invalid` (400): fileNumber must not contain control characters.
         *     - `vault.fileNumber_required` (400): fileNumber is required.
         *     - `vault.fileNumber_too_long` (400): fileNumber is longer than allowed.
         *     - `vault.integrity` (500): What the store holds for a document is not what mohar stored (a replaced, truncated or missing PDF, a damaged record); nothing is served or signed from it.
         *     - `vault.not_an_update` (400): The signed PDF does not begin with the version it was derived from.
         *     - `vault.pdf_required` (400): A version needs a PDF.
         *     - `vault.title_invalid` (400): title must not contain control characters.
         *     - `vault.title_required` (400): title is required.
         *     - `vault.title_too_long` (400): title is longer than allowed.
         *     - `vault.uploader_invalid` (400): uploader must not contain control characters.
         *     - `vault.uploader_required` (400): uploader is required.
         *     - `vault.uploader_too_long` (400): uploader is longer than allowed.
         *     - `version.not_found` (404): The document has no version with this number.
         *     - `version.precondition_failed` (412): If-Match or expectedVersion names a version that is no longer the latest; nothing was stored.
         *     - `version.superseded` (409): Another version took this place first; sign again on the latest version.
         *     - `webhook.bad_input` (400): The webhook request lacks a field or carries a bad one (url, events, state, limit).
         *     - `webhook.delivery_not_found` (404): The subscription has no delivery with this id.
         *     - `webhook.delivery_pending` (409): The delivery is still pending; it will be attempted again by itself.
         *     - `webhook.not_found` (404): No webhook subscription has this id.
         *     - `webhook.too_many` (409): The number of webhook subscriptions is at its limit; delete one first.
         *     - `webhook.url_refused` (422): The receiver URL is not http(s), carries credentials, or points at an address that is not public and not allowed by WEBHOOK_ALLOW_NETWORKS.
         * @enum {string}
         */
        ErrorCode: "audit.bad_claim" | "audit.bad_event" | "audit.bad_key" | "audit.bad_origin" | "audit.bad_proof_request" | "audit.bad_query" | "audit.closed" | "audit.not_cosigned" | "audit.integrity" | "auth.bad_key_request" | "auth.bad_scheme" | "auth.credential_in_query" | "auth.empty_credential" | "auth.invalid_key" | "auth.invalid_token" | "auth.jwt_not_configured" | "auth.key_not_found" | "auth.malformed_key" | "auth.not_this_officer" | "auth.not_this_officer_certificate" | "auth.rate_limited" | "auth.required" | "auth.role" | "auth.two_credentials" | "cert.expired" | "cert.invalid" | "cert.key_usage" | "cert.not_yet_valid" | "cert.revoked" | "cli.bad_option" | "cms.digest_mismatch" | "cms.invalid" | "cms.not_pades" | "console.bad_sign_in" | "console.cross_origin" | "console.csrf" | "console.json_required" | "console.session_expired" | "console.too_many_sessions" | "cors.origin_not_allowed" | "database.not_durable" | "database.unavailable" | "document.not_found" | "esign.bad_request" | "esign.bad_response" | "esign.identity_mismatch" | "esign.no_identity" | "esign.not_configured" | "esign.not_loopback" | "esign.refused" | "esign.too_many_documents" | "esign.transaction_completed" | "esign.transaction_expired" | "esign.transaction_not_found" | "esign.unknown_asp" | "esign.untrusted_certificate" | "file.already_received" | "file.bad_if_match" | "file.bad_input" | "file.bad_status" | "file.closed" | "file.document_attached" | "file.due_date_past" | "file.moved" | "file.not_addressee" | "file.not_found" | "file.not_holder" | "file.number_taken" | "file.open" | "file.parked" | "file.unknown_document" | "file.unknown_officer" | "idempotency.in_progress" | "idempotency.key_reused" | "internal" | "key.bad_file" | "key.bad_password" | "key.bad_reference" | "key.mismatch" | "key.missing" | "key.token_refused" | "key.token_unavailable" | "key.unavailable" | "key.unsupported_algorithm" | "limits.parse_memory" | "limits.parse_timeout" | "officer.bad_certificate" | "officer.certificate_taken" | "officer.esign_identity_exists" | "officer.exists" | "officer.invalid" | "officer.not_found" | "pdf.certified_no_changes" | "pdf.certify_not_first" | "pdf.contents_size" | "pdf.decode_limit" | "pdf.empty" | "pdf.encrypted" | "pdf.no_catalog" | "pdf.not_pdf" | "pdf.page_out_of_range" | "pdf.page_without_mediabox" | "pdf.password_required" | "pdf.placeholder_missing" | "pdf.rect_invalid" | "pdf.rect_out_of_page" | "pdf.signature_too_large" | "pdf.too_many_pages" | "pdf.too_many_revisions" | "pdf.truncated" | "pdf.unparsable" | "pdf.unreadable" | "pdf.xref_broken" | "range.not_satisfiable" | "report.bad_asOf" | "report.bad_from" | "report.bad_office" | "report.no_signer" | "report.bad_range" | "report.bad_to" | "request.bad_derivedFrom" | "request.bad_expectedVersion" | "request.bad_idempotency_key" | "request.bad_if_match" | "request.bad_path_encoding" | "request.charset.unsupported" | "request.encoding.unsupported" | "request.entity.parse.failed" | "request.entity.too.large" | "request.file_number_required" | "request.headers_too_large" | "request.invalid" | "request.malformed_http" | "request.repeated_query" | "request.timeout" | "route.not_found" | "service.draining" | "signature.mismatch" | "signing.bad_chain" | "signing.completion_input" | "signing.document_changed" | "signing.no_tsa" | "signing.session_completed" | "signing.session_expired" | "signing.session_not_found" | "signing.session_without_document" | "store.bad_key" | "store.exists" | "store.full" | "store.not_found" | "store.unavailable" | "trust.bad_certificate" | "trust.empty" | "trust.not_found" | "tsa.media_type" | "tsa.unavailable" | "upload.file_required" | "upload.malformed" | "upload.too_large" | "upload.unexpected_field" | "vault.bad_action" | "vault.bad_derived_from" | "vault.bad_kind" | "vault.bad_range" | "vault.createdBy_invalid" | "vault.createdBy_required" | "vault.createdBy_too_long" | "vault.fileNumber_invalid" | "vault.fileNumber_required" | "vault.fileNumber_too_long" | "vault.integrity" | "vault.not_an_update" | "vault.pdf_required" | "vault.title_invalid" | "vault.title_required" | "vault.title_too_long" | "vault.uploader_invalid" | "vault.uploader_required" | "vault.uploader_too_long" | "version.not_found" | "version.precondition_failed" | "version.superseded" | "webhook.bad_input" | "webhook.delivery_not_found" | "webhook.delivery_pending" | "webhook.not_found" | "webhook.too_many" | "webhook.url_refused";
    };
    responses: {
        /** @description RFC 9457 problem details; `code` is one of the error codes below, each always with the same status */
        Problem: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listDocuments: {
        parameters: {
            query: {
                fileNumber: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description documents of the file number */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DocumentList"];
                };
            };
            /** @description `request.file_number_required`, `auth.two_credentials`, `auth.credential_in_query`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `vault.integrity`, `internal` */
            500: components["responses"]["Problem"];
            /** @description `store.unavailable` */
            503: components["responses"]["Problem"];
        };
    };
    uploadDocument: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same request answers the first response again (kept 24 h) */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    /** Format: binary */
                    file: Blob;
                    title?: string;
                    fileNumber?: string;
                    /** @enum {unknown} */
                    kind?: "letter" | "notesheet" | "other";
                };
            };
        };
        responses: {
            /** @description document created, with its version 1 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedDocument"];
                };
            };
            /** @description `upload.file_required`, `upload.malformed`, `upload.unexpected_field`, `pdf.empty`, `vault.title_required`, `vault.title_too_long`, `vault.title_invalid`, `vault.fileNumber_required`, `vault.fileNumber_too_long`, `vault.fileNumber_invalid`, `vault.bad_kind`, `auth.two_credentials`, `auth.credential_in_query`, `request.bad_idempotency_key`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `idempotency.in_progress` */
            409: components["responses"]["Problem"];
            /** @description `upload.too_large` */
            413: components["responses"]["Problem"];
            /** @description `pdf.not_pdf` */
            415: components["responses"]["Problem"];
            /** @description `pdf.encrypted`, `pdf.truncated`, `pdf.unparsable`, `pdf.too_many_pages`, `pdf.decode_limit`, `pdf.xref_broken`, `pdf.no_catalog`, `pdf.unreadable`, `pdf.too_many_revisions`, `limits.parse_timeout`, `limits.parse_memory`, `idempotency.key_reused` */
            422: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `vault.integrity`, `internal` */
            500: components["responses"]["Problem"];
            /** @description `audit.closed`, `audit.integrity`, `store.unavailable` */
            503: components["responses"]["Problem"];
            /** @description `store.full` */
            507: components["responses"]["Problem"];
        };
    };
    getDocument: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description document */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Document"];
                };
            };
            /** @description `auth.two_credentials`, `auth.credential_in_query`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `document.not_found` */
            404: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `vault.integrity`, `internal` */
            500: components["responses"]["Problem"];
            /** @description `store.unavailable` */
            503: components["responses"]["Problem"];
        };
    };
    addVersion: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag (sha256) of the version the request acts on; 412 and nothing stored when it is no longer the latest */
                "If-Match"?: string;
                /** @description Makes a retry safe: the same key with the same request answers the first response again (kept 24 h) */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    /** Format: binary */
                    file: Blob;
                    derivedFrom?: number;
                    expectedVersion?: number;
                };
            };
        };
        responses: {
            /** @description version created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Version"];
                };
            };
            /** @description `upload.file_required`, `upload.malformed`, `upload.unexpected_field`, `pdf.empty`, `request.bad_derivedFrom`, `request.bad_expectedVersion`, `request.bad_if_match`, `vault.bad_derived_from`, `auth.two_credentials`, `auth.credential_in_query`, `request.bad_idempotency_key`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `document.not_found` */
            404: components["responses"]["Problem"];
            /** @description `idempotency.in_progress` */
            409: components["responses"]["Problem"];
            /** @description `version.precondition_failed` */
            412: components["responses"]["Problem"];
            /** @description `upload.too_large` */
            413: components["responses"]["Problem"];
            /** @description `pdf.not_pdf` */
            415: components["responses"]["Problem"];
            /** @description `pdf.encrypted`, `pdf.truncated`, `pdf.unparsable`, `pdf.too_many_pages`, `pdf.decode_limit`, `pdf.xref_broken`, `pdf.no_catalog`, `pdf.unreadable`, `pdf.too_many_revisions`, `limits.parse_timeout`, `limits.parse_memory`, `idempotency.key_reused` */
            422: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `vault.integrity`, `internal` */
            500: components["responses"]["Problem"];
            /** @description `audit.closed`, `audit.integrity`, `store.unavailable` */
            503: components["responses"]["Problem"];
            /** @description `store.full` */
            507: components["responses"]["Problem"];
        };
    };
    getVersionContent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                n: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the PDF */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/pdf": Blob;
                };
            };
            /** @description a byte range of the PDF */
            206: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/pdf": Blob;
                };
            };
            /** @description not modified (If-None-Match) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `auth.two_credentials`, `auth.credential_in_query`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `document.not_found`, `version.not_found` */
            404: components["responses"]["Problem"];
            /** @description `range.not_satisfiable` */
            416: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `vault.integrity`, `internal` */
            500: components["responses"]["Problem"];
            /** @description `audit.closed`, `audit.integrity`, `store.unavailable` */
            503: components["responses"]["Problem"];
            /** @description `store.full` */
            507: components["responses"]["Problem"];
        };
    };
    signDocument: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag (sha256) of the version the request acts on; 412 and nothing stored when it is no longer the latest */
                "If-Match"?: string;
                /** @description Makes a retry safe: the same key with the same request answers the first response again (kept 24 h) */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    officerId: string;
                    reason?: string;
                    location?: string;
                    contactInfo?: string;
                    page?: number;
                    /** @description [x1, y1, x2, y2] in PDF points of the page as shown */
                    rect?: number[];
                    certify?: boolean;
                    timestamp?: boolean;
                    /** @description sign only if this is still the latest version (else 412) */
                    expectedVersion?: number;
                };
            };
        };
        responses: {
            /** @description signed version created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Version"];
                };
            };
            /** @description `request.invalid`, `request.entity.parse.failed`, `request.bad_if_match`, `pdf.page_out_of_range`, `pdf.rect_invalid`, `pdf.rect_out_of_page`, `signing.no_tsa`, `auth.two_credentials`, `auth.credential_in_query`, `request.bad_idempotency_key`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.not_this_officer`, `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `document.not_found`, `officer.not_found` */
            404: components["responses"]["Problem"];
            /** @description `pdf.certify_not_first`, `pdf.certified_no_changes`, `version.superseded`, `idempotency.in_progress` */
            409: components["responses"]["Problem"];
            /** @description `version.precondition_failed` */
            412: components["responses"]["Problem"];
            /** @description `cert.expired`, `cert.not_yet_valid`, `cert.revoked`, `cert.key_usage`, `pdf.page_without_mediabox`, `pdf.unparsable`, `pdf.decode_limit`, `limits.parse_timeout`, `limits.parse_memory`, `key.missing`, `key.bad_password`, `key.bad_file`, `key.mismatch`, `key.unavailable`, `key.token_refused`, `idempotency.key_reused` */
            422: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `vault.integrity`, `internal` */
            500: components["responses"]["Problem"];
            /** @description `key.token_unavailable`, `tsa.unavailable`, `audit.closed`, `audit.integrity`, `store.unavailable` */
            503: components["responses"]["Problem"];
            /** @description `store.full` */
            507: components["responses"]["Problem"];
        };
    };
    timestampDocument: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag (sha256) of the version the request acts on; 412 and nothing stored when it is no longer the latest */
                "If-Match"?: string;
                /** @description Makes a retry safe: the same key with the same request answers the first response again (kept 24 h) */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description sign only if this is still the latest version (else 412) */
                    expectedVersion?: number;
                };
            };
        };
        responses: {
            /** @description timestamped version created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Version"];
                };
            };
            /** @description `request.invalid`, `request.entity.parse.failed`, `request.bad_if_match`, `signing.no_tsa`, `auth.two_credentials`, `auth.credential_in_query`, `request.bad_idempotency_key`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `document.not_found` */
            404: components["responses"]["Problem"];
            /** @description `version.superseded`, `pdf.certified_no_changes`, `idempotency.in_progress` */
            409: components["responses"]["Problem"];
            /** @description `version.precondition_failed` */
            412: components["responses"]["Problem"];
            /** @description `pdf.unparsable`, `pdf.decode_limit`, `limits.parse_timeout`, `limits.parse_memory`, `idempotency.key_reused` */
            422: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `vault.integrity`, `internal` */
            500: components["responses"]["Problem"];
            /** @description `tsa.unavailable`, `audit.closed`, `audit.integrity`, `store.unavailable` */
            503: components["responses"]["Problem"];
            /** @description `store.full` */
            507: components["responses"]["Problem"];
        };
    };
    prepareSignature: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag (sha256) of the version the request acts on; 412 and nothing stored when it is no longer the latest */
                "If-Match"?: string;
                /** @description Makes a retry safe: the same key with the same request answers the first response again (kept 24 h) */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    officerId: string;
                    reason?: string;
                    location?: string;
                    contactInfo?: string;
                    page?: number;
                    /** @description [x1, y1, x2, y2] in PDF points of the page as shown */
                    rect?: number[];
                    certify?: boolean;
                    timestamp?: boolean;
                    /** @description sign only if this is still the latest version (else 412) */
                    expectedVersion?: number;
                    certificatePem?: string;
                    chainPem?: string;
                };
            };
        };
        responses: {
            /** @description signing session (Location: the session) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PreparedSession"];
                };
            };
            /** @description `request.invalid`, `request.entity.parse.failed`, `request.bad_if_match`, `pdf.page_out_of_range`, `pdf.rect_invalid`, `pdf.rect_out_of_page`, `officer.bad_certificate`, `signing.bad_chain`, `auth.two_credentials`, `auth.credential_in_query`, `request.bad_idempotency_key`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.not_this_officer`, `auth.not_this_officer_certificate`, `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `document.not_found`, `officer.not_found` */
            404: components["responses"]["Problem"];
            /** @description `pdf.certify_not_first`, `pdf.certified_no_changes`, `idempotency.in_progress` */
            409: components["responses"]["Problem"];
            /** @description `version.precondition_failed` */
            412: components["responses"]["Problem"];
            /** @description `cert.expired`, `cert.not_yet_valid`, `cert.revoked`, `cert.key_usage`, `pdf.page_without_mediabox`, `pdf.unparsable`, `pdf.decode_limit`, `limits.parse_timeout`, `limits.parse_memory`, `idempotency.key_reused` */
            422: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `vault.integrity`, `internal` */
            500: components["responses"]["Problem"];
            /** @description `audit.closed`, `audit.integrity`, `store.unavailable` */
            503: components["responses"]["Problem"];
            /** @description `store.full` */
            507: components["responses"]["Problem"];
        };
    };
    getSigningSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                sid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description signing session */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SigningSession"];
                };
            };
            /** @description `auth.two_credentials`, `auth.credential_in_query`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.not_this_officer`, `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `signing.session_not_found` */
            404: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `vault.integrity`, `internal` */
            500: components["responses"]["Problem"];
            /** @description `store.unavailable` */
            503: components["responses"]["Problem"];
        };
    };
    completeSignature: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same request answers the first response again (kept 24 h) */
                "Idempotency-Key"?: string;
            };
            path: {
                sid: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    signature?: string;
                    cms?: string;
                };
            };
        };
        responses: {
            /** @description signed version created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Version"];
                };
            };
            /** @description `request.invalid`, `request.entity.parse.failed`, `signing.completion_input`, `signing.session_without_document`, `cms.invalid`, `auth.two_credentials`, `auth.credential_in_query`, `request.bad_idempotency_key`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.not_this_officer`, `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `signing.session_not_found` */
            404: components["responses"]["Problem"];
            /** @description `signing.session_completed`, `signing.document_changed`, `version.superseded`, `idempotency.in_progress` */
            409: components["responses"]["Problem"];
            /** @description `signing.session_expired` */
            410: components["responses"]["Problem"];
            /** @description `signature.mismatch`, `cms.not_pades`, `cms.digest_mismatch`, `idempotency.key_reused` */
            422: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `vault.integrity`, `internal` */
            500: components["responses"]["Problem"];
            /** @description `tsa.unavailable`, `audit.closed`, `audit.integrity`, `store.unavailable` */
            503: components["responses"]["Problem"];
            /** @description `store.full` */
            507: components["responses"]["Problem"];
        };
    };
    startEsign: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag (sha256) of the version the request acts on; 412 and nothing stored when it is no longer the latest */
                "If-Match"?: string;
                /** @description Makes a retry safe: the same key with the same request answers the first response again (kept 24 h) */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    officerId: string;
                    reason?: string;
                    location?: string;
                    page?: number;
                    /** @description [x1, y1, x2, y2] in PDF points of the page as shown */
                    rect?: number[];
                    timestamp?: boolean;
                    /** @description sign only if this is still the latest version (else 412) */
                    expectedVersion?: number;
                };
            };
        };
        responses: {
            /** @description eSign transaction started (Location: its status) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EsignStarted"];
                };
            };
            /** @description `request.invalid`, `request.entity.parse.failed`, `request.bad_if_match`, `pdf.page_out_of_range`, `pdf.rect_invalid`, `pdf.rect_out_of_page`, `signing.no_tsa`, `auth.two_credentials`, `auth.credential_in_query`, `request.bad_idempotency_key`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.not_this_officer`, `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `document.not_found`, `officer.not_found` */
            404: components["responses"]["Problem"];
            /** @description `pdf.certify_not_first`, `pdf.certified_no_changes`, `idempotency.in_progress` */
            409: components["responses"]["Problem"];
            /** @description `version.precondition_failed` */
            412: components["responses"]["Problem"];
            /** @description `cert.expired`, `cert.not_yet_valid`, `cert.revoked`, `cert.key_usage`, `pdf.page_without_mediabox`, `pdf.unparsable`, `pdf.decode_limit`, `limits.parse_timeout`, `limits.parse_memory`, `esign.no_identity`, `idempotency.key_reused` */
            422: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `vault.integrity`, `internal` */
            500: components["responses"]["Problem"];
            /** @description `esign.not_configured`, `audit.closed`, `audit.integrity`, `store.unavailable` */
            503: components["responses"]["Problem"];
            /** @description `store.full` */
            507: components["responses"]["Problem"];
        };
    };
    startEsignBatch: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same request answers the first response again (kept 24 h) */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    officerId: string;
                    reason?: string;
                    location?: string;
                    page?: number;
                    /** @description [x1, y1, x2, y2] in PDF points of the page as shown */
                    rect?: number[];
                    timestamp?: boolean;
                    /** @description sign only if this is still the latest version (else 412) */
                    expectedVersion?: number;
                    documents: {
                        /** Format: uuid */
                        documentId: string;
                        expectedVersion?: number;
                    }[];
                };
            };
        };
        responses: {
            /** @description eSign transaction started (Location: its status) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EsignStarted"];
                };
            };
            /** @description `request.invalid`, `request.entity.parse.failed`, `request.bad_if_match`, `pdf.page_out_of_range`, `pdf.rect_invalid`, `pdf.rect_out_of_page`, `signing.no_tsa`, `esign.too_many_documents`, `auth.two_credentials`, `auth.credential_in_query`, `request.bad_idempotency_key`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.not_this_officer`, `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `document.not_found`, `officer.not_found` */
            404: components["responses"]["Problem"];
            /** @description `pdf.certify_not_first`, `pdf.certified_no_changes`, `idempotency.in_progress` */
            409: components["responses"]["Problem"];
            /** @description `version.precondition_failed` */
            412: components["responses"]["Problem"];
            /** @description `cert.expired`, `cert.not_yet_valid`, `cert.revoked`, `cert.key_usage`, `pdf.page_without_mediabox`, `pdf.unparsable`, `pdf.decode_limit`, `limits.parse_timeout`, `limits.parse_memory`, `esign.no_identity`, `idempotency.key_reused` */
            422: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `internal` */
            500: components["responses"]["Problem"];
            /** @description `esign.not_configured`, `audit.closed`, `audit.integrity`, `store.unavailable` */
            503: components["responses"]["Problem"];
            /** @description `store.full` */
            507: components["responses"]["Problem"];
        };
    };
    getEsignTransaction: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                txn: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description eSign transaction */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EsignTransaction"];
                };
            };
            /** @description `auth.two_credentials`, `auth.credential_in_query`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.not_this_officer`, `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `esign.transaction_not_found` */
            404: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `internal` */
            500: components["responses"]["Problem"];
            /** @description `esign.not_configured`, `store.unavailable` */
            503: components["responses"]["Problem"];
        };
    };
    esignResponse: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": {
                    eSignResponse: string;
                    espTxnID?: string;
                };
            };
        };
        responses: {
            /** @description each document's outcome */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EsignTransaction"];
                };
            };
            /** @description `esign.bad_response`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `esign.transaction_not_found` */
            404: components["responses"]["Problem"];
            /** @description `esign.transaction_completed` */
            409: components["responses"]["Problem"];
            /** @description `esign.transaction_expired` */
            410: components["responses"]["Problem"];
            /** @description `request.entity.too.large` */
            413: components["responses"]["Problem"];
            /** @description `esign.refused` */
            422: components["responses"]["Problem"];
            /** @description `internal` */
            500: components["responses"]["Problem"];
            /** @description `esign.not_configured`, `audit.closed`, `audit.integrity`, `store.unavailable` */
            503: components["responses"]["Problem"];
            /** @description `store.full` */
            507: components["responses"]["Problem"];
        };
    };
    devEspSignDoc: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": {
                    eSignRequest: string;
                    aspTxnID?: string;
                };
            };
        };
        responses: {
            /** @description the OTP page (JSON when asked for), or the page posting a refusal to the ASP */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                    "application/json": Record<string, never>;
                };
            };
            /** @description `esign.bad_request`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `esign.unknown_asp`, `esign.not_loopback` */
            403: components["responses"]["Problem"];
            /** @description `request.entity.too.large` */
            413: components["responses"]["Problem"];
            /** @description `internal` */
            500: components["responses"]["Problem"];
            /** @description `store.unavailable` */
            503: components["responses"]["Problem"];
            /** @description `store.full` */
            507: components["responses"]["Problem"];
        };
    };
    devEspAuthenticate: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": {
                    espTxnID: string;
                    aadhaar: string;
                    otp: string;
                };
            };
        };
        responses: {
            /** @description the page posting the EsignResp to the ASP (JSON when asked for) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                    "application/json": Record<string, never>;
                };
            };
            /** @description `esign.bad_request`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `esign.not_loopback` */
            403: components["responses"]["Problem"];
            /** @description `esign.transaction_not_found` */
            404: components["responses"]["Problem"];
            /** @description `internal` */
            500: components["responses"]["Problem"];
            /** @description `store.unavailable` */
            503: components["responses"]["Problem"];
            /** @description `store.full` */
            507: components["responses"]["Problem"];
        };
    };
    verifyUpload: {
        parameters: {
            query?: {
                format?: string;
            };
            header?: {
                /** @description Makes a retry safe: the same key with the same request answers the first response again (kept 24 h) */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    /** Format: binary */
                    file: Blob;
                };
            };
        };
        responses: {
            /** @description verification report */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VerificationReport"];
                    "application/pdf": Blob;
                };
            };
            /** @description `upload.file_required`, `upload.malformed`, `upload.unexpected_field`, `pdf.empty`, `auth.two_credentials`, `auth.credential_in_query`, `request.bad_idempotency_key`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `idempotency.in_progress` */
            409: components["responses"]["Problem"];
            /** @description `upload.too_large` */
            413: components["responses"]["Problem"];
            /** @description `pdf.not_pdf` */
            415: components["responses"]["Problem"];
            /** @description `pdf.encrypted`, `pdf.truncated`, `pdf.unparsable`, `pdf.too_many_pages`, `pdf.decode_limit`, `pdf.xref_broken`, `pdf.no_catalog`, `pdf.unreadable`, `pdf.too_many_revisions`, `limits.parse_timeout`, `limits.parse_memory`, `pdf.password_required`, `idempotency.key_reused` */
            422: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `internal` */
            500: components["responses"]["Problem"];
            /** @description `audit.closed`, `audit.integrity`, `store.unavailable` */
            503: components["responses"]["Problem"];
            /** @description `store.full` */
            507: components["responses"]["Problem"];
        };
    };
    verifyVersion: {
        parameters: {
            query?: {
                format?: string;
            };
            header?: never;
            path: {
                id: string;
                n: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description verification report */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VerificationReport"];
                    "application/pdf": Blob;
                };
            };
            /** @description `auth.two_credentials`, `auth.credential_in_query`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `document.not_found`, `version.not_found` */
            404: components["responses"]["Problem"];
            /** @description `pdf.unreadable`, `limits.parse_timeout`, `limits.parse_memory` */
            422: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `vault.integrity`, `internal` */
            500: components["responses"]["Problem"];
            /** @description `audit.closed`, `audit.integrity`, `store.unavailable` */
            503: components["responses"]["Problem"];
            /** @description `store.full` */
            507: components["responses"]["Problem"];
        };
    };
    getCheckpoint: {
        parameters: {
            query?: {
                format?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description checkpoint */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                    "application/json": components["schemas"]["Checkpoint"];
                };
            };
            /** @description `auth.two_credentials`, `auth.credential_in_query`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `internal` */
            500: components["responses"]["Problem"];
            /** @description `audit.not_cosigned`, `store.unavailable` */
            503: components["responses"]["Problem"];
        };
    };
    listAuditEntries: {
        parameters: {
            query?: {
                from?: number;
                to?: number;
                documentId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description entries */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditEntries"];
                };
            };
            /** @description `audit.bad_query`, `audit.bad_proof_request`, `auth.two_credentials`, `auth.credential_in_query`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `internal` */
            500: components["responses"]["Problem"];
            /** @description `store.unavailable` */
            503: components["responses"]["Problem"];
        };
    };
    getInclusionProof: {
        parameters: {
            query: {
                seq: number;
                treeSize?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description proof */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InclusionProof"];
                };
            };
            /** @description `audit.bad_query`, `audit.bad_proof_request`, `auth.two_credentials`, `auth.credential_in_query`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `internal` */
            500: components["responses"]["Problem"];
            /** @description `store.unavailable` */
            503: components["responses"]["Problem"];
        };
    };
    getConsistencyProof: {
        parameters: {
            query: {
                from: number;
                to?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description proof */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsistencyProof"];
                };
            };
            /** @description `audit.bad_query`, `audit.bad_proof_request`, `auth.two_credentials`, `auth.credential_in_query`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `internal` */
            500: components["responses"]["Problem"];
            /** @description `store.unavailable` */
            503: components["responses"]["Problem"];
        };
    };
    exportAudit: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description export (streamed JSON) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description `auth.two_credentials`, `auth.credential_in_query`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `internal` */
            500: components["responses"]["Problem"];
            /** @description `store.unavailable` */
            503: components["responses"]["Problem"];
        };
    };
    getTimeline: {
        parameters: {
            query?: {
                from?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description timeline */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Timeline"];
                };
            };
            /** @description `audit.bad_query`, `audit.bad_proof_request`, `auth.two_credentials`, `auth.credential_in_query`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `vault.integrity`, `internal` */
            500: components["responses"]["Problem"];
            /** @description `store.unavailable` */
            503: components["responses"]["Problem"];
        };
    };
    listOfficers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description officers */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OfficerList"];
                };
            };
            /** @description `auth.two_credentials`, `auth.credential_in_query`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `internal` */
            500: components["responses"]["Problem"];
            /** @description `store.unavailable` */
            503: components["responses"]["Problem"];
        };
    };
    registerOfficer: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same request answers the first response again (kept 24 h) */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description officer registered */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Officer"];
                };
            };
            /** @description `officer.invalid`, `officer.bad_certificate`, `request.entity.parse.failed`, `auth.two_credentials`, `auth.credential_in_query`, `request.bad_idempotency_key`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `officer.exists`, `idempotency.in_progress` */
            409: components["responses"]["Problem"];
            /** @description `key.missing`, `key.bad_file`, `key.bad_password`, `key.mismatch`, `key.bad_reference`, `idempotency.key_reused` */
            422: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `internal` */
            500: components["responses"]["Problem"];
            /** @description `audit.closed`, `audit.integrity`, `store.unavailable` */
            503: components["responses"]["Problem"];
            /** @description `store.full` */
            507: components["responses"]["Problem"];
        };
    };
    getOfficer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description officer */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Officer"];
                };
            };
            /** @description `auth.two_credentials`, `auth.credential_in_query`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `officer.not_found` */
            404: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `internal` */
            500: components["responses"]["Problem"];
            /** @description `store.unavailable` */
            503: components["responses"]["Problem"];
        };
    };
    setOfficerEsignIdentity: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same request answers the first response again (kept 24 h) */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /** @enum {string} */
                    idAttribute?: "pseudonym" | "serialNumber";
                    id: string;
                };
            };
        };
        responses: {
            /** @description the officer with its eSign identity */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Officer"];
                };
            };
            /** @description `officer.invalid`, `request.entity.parse.failed`, `auth.two_credentials`, `auth.credential_in_query`, `request.bad_idempotency_key`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `officer.not_found` */
            404: components["responses"]["Problem"];
            /** @description `officer.esign_identity_exists`, `idempotency.in_progress` */
            409: components["responses"]["Problem"];
            /** @description `idempotency.key_reused` */
            422: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `internal` */
            500: components["responses"]["Problem"];
            /** @description `audit.closed`, `audit.integrity`, `store.unavailable` */
            503: components["responses"]["Problem"];
            /** @description `store.full` */
            507: components["responses"]["Problem"];
        };
    };
    listApiKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description keys */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyList"];
                };
            };
            /** @description `auth.two_credentials`, `auth.credential_in_query`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `internal` */
            500: components["responses"]["Problem"];
            /** @description `store.unavailable` */
            503: components["responses"]["Problem"];
        };
    };
    createApiKey: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same request answers the first response again (kept 24 h) */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {unknown} */
                    role: "clerk" | "officer" | "auditor" | "admin" | "metrics";
                    name: string;
                    officerId?: string;
                };
            };
        };
        responses: {
            /** @description key created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedApiKey"];
                };
            };
            /** @description `auth.bad_key_request`, `request.entity.parse.failed`, `auth.two_credentials`, `auth.credential_in_query`, `request.bad_idempotency_key`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `officer.not_found` */
            404: components["responses"]["Problem"];
            /** @description `idempotency.in_progress` */
            409: components["responses"]["Problem"];
            /** @description `idempotency.key_reused` */
            422: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `internal` */
            500: components["responses"]["Problem"];
            /** @description `audit.closed`, `audit.integrity`, `store.unavailable` */
            503: components["responses"]["Problem"];
            /** @description `store.full` */
            507: components["responses"]["Problem"];
        };
    };
    revokeApiKey: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same request answers the first response again (kept 24 h) */
                "Idempotency-Key"?: string;
            };
            path: {
                keyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the key, revoked */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKey"];
                };
            };
            /** @description `auth.two_credentials`, `auth.credential_in_query`, `request.bad_idempotency_key`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `auth.key_not_found` */
            404: components["responses"]["Problem"];
            /** @description `idempotency.in_progress` */
            409: components["responses"]["Problem"];
            /** @description `idempotency.key_reused` */
            422: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `internal` */
            500: components["responses"]["Problem"];
            /** @description `audit.closed`, `audit.integrity`, `store.unavailable` */
            503: components["responses"]["Problem"];
            /** @description `store.full` */
            507: components["responses"]["Problem"];
        };
    };
    listFiles: {
        parameters: {
            query?: {
                office?: string;
                holder?: string;
                status?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description files */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FileList"];
                };
            };
            /** @description `file.bad_status`, `request.repeated_query`, `auth.two_credentials`, `auth.credential_in_query`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `vault.integrity`, `internal` */
            500: components["responses"]["Problem"];
            /** @description `database.unavailable`, `store.unavailable` */
            503: components["responses"]["Problem"];
        };
    };
    openFile: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same request answers the first response again (kept 24 h) */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description any script, e.g. फा.सं. 12/34/2026-स्था. */
                    fileNumber: string;
                    subject: string;
                    office: string;
                    section?: string;
                    /**
                     * Format: date
                     * @description YYYY-MM-DD (IST); not in the past
                     */
                    dueDate?: string;
                };
            };
        };
        responses: {
            /** @description file opened (ETag: its version) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["File"];
                };
            };
            /** @description `file.bad_input`, `file.due_date_past`, `request.entity.parse.failed`, `auth.two_credentials`, `auth.credential_in_query`, `request.bad_idempotency_key`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `file.number_taken`, `idempotency.in_progress` */
            409: components["responses"]["Problem"];
            /** @description `idempotency.key_reused` */
            422: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `vault.integrity`, `internal` */
            500: components["responses"]["Problem"];
            /** @description `database.unavailable`, `audit.closed`, `audit.integrity`, `store.unavailable` */
            503: components["responses"]["Problem"];
            /** @description `store.full` */
            507: components["responses"]["Problem"];
        };
    };
    getFile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                fileId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description file (ETag: its version) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["File"];
                };
            };
            /** @description `auth.two_credentials`, `auth.credential_in_query`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `file.not_found` */
            404: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `vault.integrity`, `internal` */
            500: components["responses"]["Problem"];
            /** @description `database.unavailable`, `store.unavailable` */
            503: components["responses"]["Problem"];
        };
    };
    listMovements: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                fileId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description movements */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Movements"];
                };
            };
            /** @description `auth.two_credentials`, `auth.credential_in_query`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `file.not_found` */
            404: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `vault.integrity`, `internal` */
            500: components["responses"]["Problem"];
            /** @description `database.unavailable`, `store.unavailable` */
            503: components["responses"]["Problem"];
        };
    };
    forwardFile: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
                /** @description Makes a retry safe: the same key with the same request answers the first response again (kept 24 h) */
                "Idempotency-Key"?: string;
            };
            path: {
                fileId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    toOfficer?: string;
                    toSection?: string;
                    remarks?: string;
                    /**
                     * Format: date
                     * @description YYYY-MM-DD (IST); not in the past
                     */
                    dueDate?: string;
                };
            };
        };
        responses: {
            /** @description forwarded (ETag: the new version) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["File"];
                };
            };
            /** @description `file.bad_input`, `file.bad_if_match`, `file.due_date_past`, `request.entity.parse.failed`, `auth.two_credentials`, `auth.credential_in_query`, `request.bad_idempotency_key`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `file.not_holder`, `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `file.not_found` */
            404: components["responses"]["Problem"];
            /** @description `file.moved`, `file.closed`, `file.open`, `file.parked`, `idempotency.in_progress` */
            409: components["responses"]["Problem"];
            /** @description `file.unknown_officer`, `idempotency.key_reused` */
            422: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `vault.integrity`, `internal` */
            500: components["responses"]["Problem"];
            /** @description `database.unavailable`, `audit.closed`, `audit.integrity`, `store.unavailable` */
            503: components["responses"]["Problem"];
            /** @description `store.full` */
            507: components["responses"]["Problem"];
        };
    };
    receiveFile: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same request answers the first response again (kept 24 h) */
                "Idempotency-Key"?: string;
            };
            path: {
                fileId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the file (ETag: its version) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["File"];
                };
            };
            /** @description `auth.two_credentials`, `auth.credential_in_query`, `request.bad_idempotency_key`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `file.not_holder`, `file.not_addressee`, `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `file.not_found` */
            404: components["responses"]["Problem"];
            /** @description `file.moved`, `file.closed`, `file.open`, `file.parked`, `file.already_received`, `idempotency.in_progress` */
            409: components["responses"]["Problem"];
            /** @description `idempotency.key_reused` */
            422: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `vault.integrity`, `internal` */
            500: components["responses"]["Problem"];
            /** @description `database.unavailable`, `audit.closed`, `audit.integrity`, `store.unavailable` */
            503: components["responses"]["Problem"];
            /** @description `store.full` */
            507: components["responses"]["Problem"];
        };
    };
    parkFile: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same request answers the first response again (kept 24 h) */
                "Idempotency-Key"?: string;
            };
            path: {
                fileId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the file (ETag: its version) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["File"];
                };
            };
            /** @description `auth.two_credentials`, `auth.credential_in_query`, `request.bad_idempotency_key`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `file.not_holder`, `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `file.not_found` */
            404: components["responses"]["Problem"];
            /** @description `file.moved`, `file.closed`, `file.open`, `file.parked`, `idempotency.in_progress` */
            409: components["responses"]["Problem"];
            /** @description `idempotency.key_reused` */
            422: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `vault.integrity`, `internal` */
            500: components["responses"]["Problem"];
            /** @description `database.unavailable`, `audit.closed`, `audit.integrity`, `store.unavailable` */
            503: components["responses"]["Problem"];
            /** @description `store.full` */
            507: components["responses"]["Problem"];
        };
    };
    closeFile: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same request answers the first response again (kept 24 h) */
                "Idempotency-Key"?: string;
            };
            path: {
                fileId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the file (ETag: its version) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["File"];
                };
            };
            /** @description `auth.two_credentials`, `auth.credential_in_query`, `request.bad_idempotency_key`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `file.not_holder`, `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `file.not_found` */
            404: components["responses"]["Problem"];
            /** @description `file.moved`, `file.closed`, `file.open`, `file.parked`, `idempotency.in_progress` */
            409: components["responses"]["Problem"];
            /** @description `idempotency.key_reused` */
            422: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `vault.integrity`, `internal` */
            500: components["responses"]["Problem"];
            /** @description `database.unavailable`, `audit.closed`, `audit.integrity`, `store.unavailable` */
            503: components["responses"]["Problem"];
            /** @description `store.full` */
            507: components["responses"]["Problem"];
        };
    };
    reopenFile: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same request answers the first response again (kept 24 h) */
                "Idempotency-Key"?: string;
            };
            path: {
                fileId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the file (ETag: its version) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["File"];
                };
            };
            /** @description `auth.two_credentials`, `auth.credential_in_query`, `request.bad_idempotency_key`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `file.not_holder`, `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `file.not_found` */
            404: components["responses"]["Problem"];
            /** @description `file.moved`, `file.closed`, `file.open`, `file.parked`, `idempotency.in_progress` */
            409: components["responses"]["Problem"];
            /** @description `idempotency.key_reused` */
            422: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `vault.integrity`, `internal` */
            500: components["responses"]["Problem"];
            /** @description `database.unavailable`, `audit.closed`, `audit.integrity`, `store.unavailable` */
            503: components["responses"]["Problem"];
            /** @description `store.full` */
            507: components["responses"]["Problem"];
        };
    };
    attachDocument: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same request answers the first response again (kept 24 h) */
                "Idempotency-Key"?: string;
            };
            path: {
                fileId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    documentId: string;
                };
            };
        };
        responses: {
            /** @description the file */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["File"];
                };
            };
            /** @description `file.bad_input`, `request.entity.parse.failed`, `auth.two_credentials`, `auth.credential_in_query`, `request.bad_idempotency_key`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `file.not_holder`, `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `file.not_found` */
            404: components["responses"]["Problem"];
            /** @description `file.moved`, `file.closed`, `file.open`, `file.parked`, `file.document_attached`, `idempotency.in_progress` */
            409: components["responses"]["Problem"];
            /** @description `file.unknown_document`, `idempotency.key_reused` */
            422: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `vault.integrity`, `internal` */
            500: components["responses"]["Problem"];
            /** @description `database.unavailable`, `audit.closed`, `audit.integrity`, `store.unavailable` */
            503: components["responses"]["Problem"];
            /** @description `store.full` */
            507: components["responses"]["Problem"];
        };
    };
    myPending: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description pending */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Pending"];
                };
            };
            /** @description `auth.two_credentials`, `auth.credential_in_query`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `internal` */
            500: components["responses"]["Problem"];
            /** @description `database.unavailable`, `store.unavailable` */
            503: components["responses"]["Problem"];
        };
    };
    officerPending: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description pending */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Pending"];
                };
            };
            /** @description `auth.two_credentials`, `auth.credential_in_query`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `internal` */
            500: components["responses"]["Problem"];
            /** @description `database.unavailable`, `store.unavailable` */
            503: components["responses"]["Problem"];
        };
    };
    pendencyReport: {
        parameters: {
            query?: {
                office?: string;
                asOf?: string;
                format?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description statement */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PendencyReport"];
                    "text/csv": string;
                };
            };
            /** @description `report.bad_office`, `report.bad_range`, `report.bad_asOf`, `report.bad_from`, `report.bad_to`, `auth.two_credentials`, `auth.credential_in_query`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `internal` */
            500: components["responses"]["Problem"];
            /** @description `database.unavailable`, `store.unavailable` */
            503: components["responses"]["Problem"];
        };
    };
    issuePendencyStatement: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same request answers the first response again (kept 24 h) */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    office?: string;
                    asOf?: string;
                    officerId?: string;
                    fileNumber?: string;
                };
            };
        };
        responses: {
            /** @description the signed statement, stored (Location: its content) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Statement"];
                };
            };
            /** @description `report.bad_office`, `report.bad_range`, `report.bad_asOf`, `report.bad_from`, `report.bad_to`, `request.invalid`, `request.entity.parse.failed`, `vault.fileNumber_too_long`, `vault.fileNumber_invalid`, `auth.two_credentials`, `auth.credential_in_query`, `request.bad_idempotency_key`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.not_this_officer`, `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `officer.not_found` */
            404: components["responses"]["Problem"];
            /** @description `report.no_signer`, `idempotency.in_progress` */
            409: components["responses"]["Problem"];
            /** @description `key.missing`, `key.bad_password`, `key.bad_file`, `key.mismatch`, `key.unavailable`, `cert.expired`, `cert.not_yet_valid`, `cert.revoked`, `idempotency.key_reused` */
            422: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `internal` */
            500: components["responses"]["Problem"];
            /** @description `database.unavailable`, `key.token_unavailable`, `tsa.unavailable`, `audit.closed`, `audit.integrity`, `store.unavailable` */
            503: components["responses"]["Problem"];
            /** @description `store.full` */
            507: components["responses"]["Problem"];
        };
    };
    activityReport: {
        parameters: {
            query?: {
                office?: string;
                from?: string;
                to?: string;
                format?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description counts */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActivityReport"];
                    "text/csv": string;
                };
            };
            /** @description `report.bad_office`, `report.bad_range`, `report.bad_asOf`, `report.bad_from`, `report.bad_to`, `auth.two_credentials`, `auth.credential_in_query`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `internal` */
            500: components["responses"]["Problem"];
            /** @description `database.unavailable`, `store.unavailable` */
            503: components["responses"]["Problem"];
        };
    };
    listWebhooks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description subscriptions */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookSubscriptionList"];
                };
            };
            /** @description `auth.two_credentials`, `auth.credential_in_query`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `internal` */
            500: components["responses"]["Problem"];
            /** @description `database.unavailable`, `store.unavailable` */
            503: components["responses"]["Problem"];
        };
    };
    createWebhook: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same request answers the first response again (kept 24 h) */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description http(s); a public address, or one in WEBHOOK_ALLOW_NETWORKS */
                    url: string;
                    events: ("document.signed" | "version.added" | "file.moved" | "file.overdue" | "verification.failed")[];
                    description?: string;
                };
            };
        };
        responses: {
            /** @description subscribed (Location: the subscription) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookSubscriptionCreated"];
                };
            };
            /** @description `webhook.bad_input`, `request.entity.parse.failed`, `auth.two_credentials`, `auth.credential_in_query`, `request.bad_idempotency_key`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `webhook.too_many`, `idempotency.in_progress` */
            409: components["responses"]["Problem"];
            /** @description `webhook.url_refused`, `idempotency.key_reused` */
            422: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `internal` */
            500: components["responses"]["Problem"];
            /** @description `database.unavailable`, `audit.closed`, `audit.integrity`, `store.unavailable` */
            503: components["responses"]["Problem"];
            /** @description `store.full` */
            507: components["responses"]["Problem"];
        };
    };
    getWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                wid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description subscription */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookSubscription"];
                };
            };
            /** @description `auth.two_credentials`, `auth.credential_in_query`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `webhook.not_found` */
            404: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `internal` */
            500: components["responses"]["Problem"];
            /** @description `database.unavailable`, `store.unavailable` */
            503: components["responses"]["Problem"];
        };
    };
    deleteWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                wid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `auth.two_credentials`, `auth.credential_in_query`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `webhook.not_found` */
            404: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `internal` */
            500: components["responses"]["Problem"];
            /** @description `database.unavailable`, `audit.closed`, `audit.integrity`, `store.unavailable` */
            503: components["responses"]["Problem"];
            /** @description `store.full` */
            507: components["responses"]["Problem"];
        };
    };
    disableWebhook: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same request answers the first response again (kept 24 h) */
                "Idempotency-Key"?: string;
            };
            path: {
                wid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description subscription */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookSubscription"];
                };
            };
            /** @description `auth.two_credentials`, `auth.credential_in_query`, `request.bad_idempotency_key`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `webhook.not_found` */
            404: components["responses"]["Problem"];
            /** @description `idempotency.in_progress` */
            409: components["responses"]["Problem"];
            /** @description `idempotency.key_reused` */
            422: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `internal` */
            500: components["responses"]["Problem"];
            /** @description `database.unavailable`, `audit.closed`, `audit.integrity`, `store.unavailable` */
            503: components["responses"]["Problem"];
            /** @description `store.full` */
            507: components["responses"]["Problem"];
        };
    };
    enableWebhook: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same request answers the first response again (kept 24 h) */
                "Idempotency-Key"?: string;
            };
            path: {
                wid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description subscription */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookSubscription"];
                };
            };
            /** @description `auth.two_credentials`, `auth.credential_in_query`, `request.bad_idempotency_key`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `webhook.not_found` */
            404: components["responses"]["Problem"];
            /** @description `idempotency.in_progress` */
            409: components["responses"]["Problem"];
            /** @description `idempotency.key_reused` */
            422: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `internal` */
            500: components["responses"]["Problem"];
            /** @description `database.unavailable`, `audit.closed`, `audit.integrity`, `store.unavailable` */
            503: components["responses"]["Problem"];
            /** @description `store.full` */
            507: components["responses"]["Problem"];
        };
    };
    listWebhookDeliveries: {
        parameters: {
            query?: {
                state?: string;
                limit?: number;
            };
            header?: never;
            path: {
                wid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description deliveries */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDeliveries"];
                };
            };
            /** @description `webhook.bad_input`, `request.repeated_query`, `auth.two_credentials`, `auth.credential_in_query`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `webhook.not_found` */
            404: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `internal` */
            500: components["responses"]["Problem"];
            /** @description `database.unavailable`, `store.unavailable` */
            503: components["responses"]["Problem"];
        };
    };
    redeliverWebhook: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same request answers the first response again (kept 24 h) */
                "Idempotency-Key"?: string;
            };
            path: {
                wid: string;
                did: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the new delivery, queued */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDelivery"];
                };
            };
            /** @description `auth.two_credentials`, `auth.credential_in_query`, `request.bad_idempotency_key`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `webhook.not_found`, `webhook.delivery_not_found` */
            404: components["responses"]["Problem"];
            /** @description `webhook.delivery_pending`, `idempotency.in_progress` */
            409: components["responses"]["Problem"];
            /** @description `idempotency.key_reused` */
            422: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `internal` */
            500: components["responses"]["Problem"];
            /** @description `database.unavailable`, `audit.closed`, `audit.integrity`, `store.unavailable` */
            503: components["responses"]["Problem"];
            /** @description `store.full` */
            507: components["responses"]["Problem"];
        };
    };
    metrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description metrics */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description `auth.two_credentials`, `auth.credential_in_query`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.required`, `auth.bad_scheme`, `auth.empty_credential`, `auth.malformed_key`, `auth.invalid_key`, `auth.invalid_token`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `auth.role` */
            403: components["responses"]["Problem"];
            /** @description `auth.rate_limited` */
            429: components["responses"]["Problem"];
            /** @description `internal` */
            500: components["responses"]["Problem"];
            /** @description `store.unavailable` */
            503: components["responses"]["Problem"];
        };
    };
    devTsa: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/timestamp-query": Blob;
            };
        };
        responses: {
            /** @description TimeStampResp */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/timestamp-reply": Blob;
                };
            };
            /** @description `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `request.entity.too.large` */
            413: components["responses"]["Problem"];
            /** @description `tsa.media_type` */
            415: components["responses"]["Problem"];
            /** @description `internal` */
            500: components["responses"]["Problem"];
            /** @description `store.unavailable` */
            503: components["responses"]["Problem"];
            /** @description `store.full` */
            507: components["responses"]["Problem"];
        };
    };
    consolePage: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the console page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `internal` */
            500: components["responses"]["Problem"];
            /** @description `store.unavailable` */
            503: components["responses"]["Problem"];
        };
    };
    consoleSessionInfo: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the session, or nulls */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsoleSession"];
                };
            };
            /** @description `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `internal` */
            500: components["responses"]["Problem"];
            /** @description `store.unavailable` */
            503: components["responses"]["Problem"];
        };
    };
    consoleSignIn: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    credential: string;
                };
            };
        };
        responses: {
            /** @description signed in */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsoleSession"];
                };
            };
            /** @description `console.bad_sign_in`, `request.entity.parse.failed`, `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `auth.invalid_key`, `auth.invalid_token`, `auth.malformed_key`, `auth.jwt_not_configured` */
            401: components["responses"]["Problem"];
            /** @description `console.cross_origin` */
            403: components["responses"]["Problem"];
            /** @description `request.entity.too.large` */
            413: components["responses"]["Problem"];
            /** @description `console.json_required` */
            415: components["responses"]["Problem"];
            /** @description `console.too_many_sessions` */
            429: components["responses"]["Problem"];
            /** @description `internal` */
            500: components["responses"]["Problem"];
            /** @description `store.unavailable` */
            503: components["responses"]["Problem"];
            /** @description `store.full` */
            507: components["responses"]["Problem"];
        };
    };
    consoleSignOut: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description signed out */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `console.csrf`, `console.cross_origin` */
            403: components["responses"]["Problem"];
            /** @description `internal` */
            500: components["responses"]["Problem"];
            /** @description `store.unavailable` */
            503: components["responses"]["Problem"];
            /** @description `store.full` */
            507: components["responses"]["Problem"];
        };
    };
    healthz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ok */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Status"];
                };
            };
            /** @description `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `internal` */
            500: components["responses"]["Problem"];
            /** @description `store.unavailable` */
            503: components["responses"]["Problem"];
        };
    };
    readyz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ready */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Status"];
                };
            };
            /** @description `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `internal` */
            500: components["responses"]["Problem"];
            /** @description `store.unavailable`, `service.draining`, `audit.closed`, `audit.integrity`, `database.unavailable`, `database.not_durable` */
            503: components["responses"]["Problem"];
        };
    };
    openapi: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OpenAPI 3.1 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description `request.bad_path_encoding` */
            400: components["responses"]["Problem"];
            /** @description `internal` */
            500: components["responses"]["Problem"];
            /** @description `store.unavailable` */
            503: components["responses"]["Problem"];
        };
    };
}
