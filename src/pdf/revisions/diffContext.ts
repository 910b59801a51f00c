/** What a later revision changed, judged: the findings one revision pair produces. */
export type ChangeClass = "allowed" | "not_allowed";

/** What kind of change it was, for grouping; the description says exactly what changed. */
export type ChangeCategory =
  | "signature"
  | "validation_data"
  | "form_fill"
  | "annotation"
  | "metadata"
  | "form_structure"
  | "catalog"
  | "pages"
  | "page_content"
  | "signature_tampering"
  | "shadow"
  | "object_override"
  | "trailing_data"
  | "repaired_structure"
  | "unreadable";

export interface RevisionChange {
  /** 1-based number of the revision that made the change. */
  revision: number;
  classification: ChangeClass;
  category: ChangeCategory;
  description: string;
  /** The form field a form_fill change touched (FieldMDP locks are judged per signature). */
  fieldName?: string;
}

/** DocMDP permission level in force (1 none, 2 form fill and signing, 3 also annotations), or null. */
export type DocMdp = 1 | 2 | 3 | null;

export class DiffContext {
  readonly out: RevisionChange[] = [];
  constructor(
    readonly revision: number,
    readonly mdp: DocMdp,
  ) {}

  allowed(category: ChangeCategory, description: string): void {
    this.out.push({ revision: this.revision, classification: "allowed", category, description });
  }

  notAllowed(category: ChangeCategory, description: string): void {
    this.out.push({ revision: this.revision, classification: "not_allowed", category, description });
  }

  formFill(fieldName: string, description: string): void {
    const push = (classification: ChangeClass, text: string): void => {
      this.out.push({ revision: this.revision, classification, category: "form_fill", description: text, fieldName });
    };
    if (this.mdp === 1) push("not_allowed", `${description}: the certification signature permits no changes`);
    else if (this.mdp === null) push("allowed", `${description} (form fill; no certification signature, allowed but reported)`);
    else push("allowed", `${description} (form fill, permitted by the certification signature)`);
  }

  annotation(description: string): void {
    if (this.mdp === 3) this.allowed("annotation", `${description} (annotation, permitted by the certification signature)`);
    else if (this.mdp === null) this.allowed("annotation", `${description} (annotation; no certification signature, allowed but reported)`);
    else this.notAllowed("annotation", `${description}: the certification signature does not permit annotations`);
  }

  /**
   * A change to how an existing annotation looks (its appearance, place, visibility): the page an
   * earlier signature covered would show something else, so only a certification signature with
   * P=3, which permits modifying annotations, allows it.
   */
  annotationLook(description: string): void {
    if (this.mdp === 3) this.allowed("annotation", `${description} (annotation, permitted by the certification signature)`);
    else this.notAllowed("annotation", `${description}: it changes what the page shows, which an earlier signature covered`);
  }

  newSignature(description: string, isDocTimestamp: boolean): void {
    if (this.mdp === 1 && !isDocTimestamp) this.notAllowed("signature", `${description}: the certification signature permits no changes`);
    else this.allowed("signature", description);
  }

  /** A change to the form as a whole (default appearance, default resources): reported, and not allowed under P=1. */
  formStructure(description: string): void {
    if (this.mdp === 1) this.notAllowed("form_structure", `${description}: the certification signature permits no changes`);
    else this.allowed("form_structure", `${description} (allowed but reported)`);
  }
}
