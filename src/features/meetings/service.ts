// Importing a meeting record: its text (pasted or read from a file), what it says about itself, and the meeting
// row, with the draft tasks the tasks feature finds in it written in the same transaction.

import { createHash } from "node:crypto";
import { isForeignKeyViolation, isUniqueViolation } from "../../db/errors.ts";
import type { Db } from "../../db/open-database.ts";
import { extractDirectives } from "../../extract/extract.ts";
import { type Actor, requireRole } from "../../shared/actor.ts";
import { fromDbDateOrNull, toDbDate } from "../../shared/calendar-date.ts";
import { ConflictError, InvalidInputError, NotFoundError } from "../../shared/errors.ts";
import { createImportDrafts, extractionContext } from "../tasks/drafts.ts";
import {
  deleteMeetingDrafts,
  draftsToRedate,
  mayDeleteMeeting,
  redateDrafts,
} from "../tasks/meeting-drafts.ts";
import { type RecordFile, readRecordFile } from "./read-record-file.ts";
import { assertRecordText } from "./record-limits.ts";
import {
  createMeeting,
  deleteMeetingRow,
  findMeeting,
  findMeetingByHash,
  listMeetings,
  listRecentImports,
  updateMeeting,
} from "./repository.ts";
import type { MeetingEditInput, MeetingInput, meetingKinds } from "./schemas.ts";

/** The same record pasted twice, or pasted and uploaded, hashes the same: whitespace does not count. */
export function contentHashOf(text: string): string {
  return createHash("sha256").update(text.replace(/\s+/g, "")).digest("hex");
}

/** The form's kind for what the extractor read (vocabulary/meeting-kinds.ts), else from the title's words. */
function kindOf(readKind: string | null, title: string): (typeof meetingKinds)[number] {
  const words = `${readKind ?? ""} ${title}`;
  if (words.includes("常务会")) return "常务会议";
  if (words.includes("办公会")) return "办公会";
  if (words.includes("党组")) return "党组会议";
  if (/专题|调度|推进|联席|部署/.test(readKind ?? "") || title.includes("专题")) return "专题会议";
  if (words.includes("纪要")) return "会议纪要";
  return "其他";
}

/** Step 1: the text of a pasted or uploaded record, and what the record says about itself, for the office to check. */
export async function previewImport(db: Db, actor: Actor, source: { text?: string; file?: RecordFile }) {
  requireRole(actor, "office");
  let text = source.text?.trim() ?? "";
  let fileTitle: string | null = null;
  if (source.file) {
    // A file is held to the same limits as it is read.
    const read = await readRecordFile(source.file);
    text = read.text;
    fileTitle = read.title;
  } else {
    assertRecordText(text, "text");
  }
  if (!text) throw new InvalidInputError("请粘贴会议纪要正文，或选择要上传的文件", "text");
  const result = extractDirectives(text, await extractionContext(db, null));
  checkDirectiveCount(result.directives.length);
  const title = fileTitle ?? result.meta.title ?? "";
  return {
    text,
    title,
    kind: kindOf(result.meta.kind, title),
    heldOn: result.meta.date ?? "",
    chair: result.meta.chair ?? "",
    found: result.directives.length,
    warnings: result.warnings,
  };
}

/**
 * A standing meeting's record holds tens of directives; hundreds means the text is not one record (a year of
 * records pasted at once, a document that only looks like one) and the clerk could not check them anyway.
 */
export const maxDirectivesPerRecord = 500;

export function checkDirectiveCount(found: number): void {
  if (found > maxDirectivesPerRecord) {
    throw new InvalidInputError(
      `这份纪要识别出 ${found} 项事项，超过每份纪要 ${maxDirectivesPerRecord} 项的上限。请确认粘贴或上传的是一份会议纪要，多份纪要请分别导入。`,
      "text",
    );
  }
}

/** Prisma's interactive transactions end after 5 s by default; an import writes a few rows per directive. */
function transactionFor(directives: number) {
  return { maxWait: 10_000, timeout: 10_000 + directives * 40 };
}

/** Step 2: the meeting and its draft tasks, all in one transaction. A record imported before is not duplicated. */
export async function importMeeting(db: Db, actor: Actor, input: MeetingInput, now: Date) {
  requireRole(actor, "office");
  const contentHash = contentHashOf(input.text);
  const existing = await findMeetingByHash(db, contentHash);
  if (existing) return { meetingId: existing.id, duplicate: existing };

  const ctx = await extractionContext(db, input.heldOn ?? null);
  const { directives, warnings } = extractDirectives(input.text, ctx);
  checkDirectiveCount(directives.length);
  try {
    const meetingId = await db.$transaction(async (tx) => {
      const meeting = await createMeeting(tx, {
        title: input.title,
        kind: input.kind,
        heldOn: input.heldOn ? toDbDate(input.heldOn) : null,
        chair: input.chair ?? null,
        sourceText: input.text,
        sourceUrl: input.sourceUrl ?? null,
        contentHash,
        createdById: actor.id,
      });
      await createImportDrafts(tx, actor, meeting.id, directives, ctx, now);
      return meeting.id;
    }, transactionFor(directives.length));
    return { meetingId, duplicate: null, warnings };
  } catch (error) {
    // Two clerks importing the same record at once: the unique hash lets one through.
    if (isUniqueViolation(error)) {
      const winner = await findMeetingByHash(db, contentHash);
      if (winner) return { meetingId: winner.id, duplicate: winner };
    }
    throw error;
  }
}

/** The import page's list of what was imported lately, for the office only. */
export async function recentImports(db: Db, actor: Actor) {
  requireRole(actor, "office");
  return listRecentImports(db, 10);
}

export async function listAllMeetings(db: Db, actor: Actor) {
  requireRole(actor, "office", "leader");
  return listMeetings(db);
}

async function loadMeeting(db: Db, actor: Actor, meetingId: number) {
  requireRole(actor, "office");
  const meeting = await findMeeting(db, meetingId);
  if (!meeting) throw new NotFoundError("会议不存在");
  return meeting;
}

/** The edit page: the meeting, whether it may still be deleted, and how many drafts' deadlines its date drives. */
export async function getMeetingForEdit(db: Db, actor: Actor, meetingId: number) {
  const meeting = await loadMeeting(db, actor, meetingId);
  return {
    meeting: { ...meeting, heldOn: fromDbDateOrNull(meeting.heldOn) },
    deletable: await mayDeleteMeeting(db, meetingId),
  };
}

/**
 * Saves corrected details. When the date changes and the office took the offer, the drafts whose deadlines were
 * worked out from the old date are moved in the same transaction; returns how many moved.
 */
export async function editMeeting(
  db: Db,
  actor: Actor,
  meetingId: number,
  input: MeetingEditInput,
  now: Date,
) {
  const meeting = await loadMeeting(db, actor, meetingId);
  const heldOn = input.heldOn ?? null;
  const dateChanged = fromDbDateOrNull(meeting.heldOn) !== heldOn;
  return db.$transaction(async (tx) => {
    await updateMeeting(tx, meetingId, {
      title: input.title,
      kind: input.kind,
      heldOn: heldOn ? toDbDate(heldOn) : null,
      chair: input.chair ?? null,
    });
    if (!dateChanged || !input.redate) return 0;
    const moved = await draftsToRedate(tx, meetingId, heldOn);
    await redateDrafts(tx, actor, moved, now);
    return moved.length;
  });
}

/** Deletes a record imported by mistake, with its drafts; refused once any of its tasks was handed out. */
export async function deleteMeeting(db: Db, actor: Actor, meetingId: number) {
  const meeting = await loadMeeting(db, actor, meetingId);
  try {
    await db.$transaction(async (tx) => {
      await deleteMeetingDrafts(tx, meetingId);
      await deleteMeetingRow(tx, meetingId);
    });
  } catch (error) {
    // A task handed out while this ran is not deleted and still points at the meeting: nothing is deleted.
    if (isForeignKeyViolation(error)) throw new ConflictError("这份纪要刚有事项交办，不能删除");
    throw error;
  }
  return meeting.title;
}
