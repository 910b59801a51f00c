import type { Kysely } from "kysely";
import type { Database } from "../db/index.js";
import { enqueueEvent } from "../webhooks/index.js";
import { istDate } from "./workingTime.js";

/**
 * Tells `file.overdue` for every open file whose holder's due date has passed (IST), once per file
 * and due date: the notice row and the event are written in one transaction, and the notice's key
 * makes a second check (on this instance or another) a no-op. A forward with a new due date can
 * fall overdue again. Returns how many were told.
 */
export async function noticeOverdueFiles(db: Kysely<Database>, now: Date): Promise<number> {
  const today = istDate(now);
  const due = await db
    .selectFrom("file_holds as h")
    .innerJoin("files as f", "f.id", "h.file_id")
    .select(["f.id", "f.file_number", "f.office", "f.section", "h.holder_kind", "h.holder_id", "h.due_date", "h.step", "h.from_at"])
    .where("h.to_at", "is", null)
    .where("f.status", "=", "open")
    .where("h.due_date", "is not", null)
    .where("h.due_date", "<", today)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom("file_overdue_notices as n").select("n.file_id").whereRef("n.file_id", "=", "h.file_id").whereRef("n.due_date", "=", "h.due_date"))),
    )
    .orderBy("h.due_date")
    .limit(500)
    .execute();
  let told = 0;
  for (const r of due) {
    const dueDate = r.due_date as string;
    const fresh = await db.transaction().execute(async (tx) => {
      const inserted = await tx.insertInto("file_overdue_notices").values({ file_id: r.id, due_date: dueDate, noticed_at: now }).onConflict((oc) => oc.doNothing()).executeTakeFirst();
      if (inserted.numInsertedOrUpdatedRows === 0n) return false;
      await enqueueEvent(
        tx,
        {
          type: "file.overdue",
          orderingKey: `file:${r.id}`,
          data: { fileId: r.id, fileNumber: r.file_number, office: r.office, section: r.section, holder: { kind: r.holder_kind, id: r.holder_id }, step: r.step, heldSince: new Date(r.from_at).toISOString(), dueDate, today },
        },
        now,
      );
      return true;
    });
    if (fresh) told += 1;
  }
  return told;
}
