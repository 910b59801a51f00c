import { MoharError } from "../errors.js";
import type { TimestampedDocument } from "../signing/index.js";
import type { VersionRecord } from "../vault/index.js";
import { extendAudited, type VersionRecorder, type VersionStepDeps } from "./extendAudited.js";
import type { VersionPin } from "./storedSigning.js";
import { versionAdded } from "./versionEvent.js";

/** A document timestamp added to a PDF (`addDocumentTimestamp` with a TSA). */
export type Stamp = (pdf: Buffer) => Promise<TimestampedDocument>;

export interface TimestampingDeps extends VersionStepDeps {
  /** The stamp with the configured TSA, or null when none is configured. */
  stamper(): Stamp | null;
}

/** Who asks for the timestamp and how the version's entry is recorded. */
export interface TimestampCaller extends VersionRecorder {
  /** The version's uploader (the caller, or `system` for the re-timestamping job). */
  uploader: string;
}

/**
 * Document timestamps on stored documents (PAdES B-LTA), for POST /v1/documents/:id/timestamps
 * and `mohar ltv job` alike: the latest version (or the pinned one) with a document timestamp
 * appended, stored as a new version (action `timestamp`) under the document's lock, with its
 * audit entry and a version.added event, through the same step as a signature.
 */
export class DocumentTimestamping {
  constructor(private readonly s: TimestampingDeps) {}

  async timestamp(caller: TimestampCaller, documentId: string, pin: VersionPin, detail = (n: number, fieldName: string) => `document timestamp ${fieldName} added to version ${n}`): Promise<{ version: VersionRecord; base: number }> {
    const stamp = this.s.stamper();
    if (!stamp) throw new MoharError("signing.no_tsa", "a document timestamp needs a TSA, and none is configured (TSA_URL or DEV_TSA)");
    const pinned = await pin();
    let fieldName = "";
    return extendAudited(this.s, caller, documentId, pinned, {
      event: (v) => versionAdded(documentId, v),
      make: async ({ pdf }) => {
        const done = await stamp(pdf);
        fieldName = done.fieldName;
        return { pdf: done.pdf, uploader: caller.uploader, action: "timestamp" };
      },
      detail: (n) => detail(n, fieldName),
    });
  }
}
