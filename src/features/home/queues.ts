// The home page's "what waits for me": per role, each queue with its count and the list behind it. The counts
// are taken with the very filters those lists use (src/features/tasks/queues.ts), so following a number shows
// exactly the tasks counted.
import type { Db } from "../../db/open-database.ts";
import type { Actor } from "../../shared/actor.ts";
import { countFailedMail } from "../outbox/service.ts";
import { queueNames } from "../tasks/ledger-words.ts";
import { type LedgerParams, ledgerCounter, listDraftMeetings, type QueueFigure } from "../tasks/queues.ts";

/** The office: drafts to check, requests to decide, tasks missing a unit or deadline, mail, late signatures. */
export async function officeQueues(db: Db, actor: Actor, now: Date) {
  const count = await ledgerCounter(db, actor, now);
  const [drafts, meetings, extensions, review, incomplete, unsigned, failedMail] = await Promise.all([
    count("drafts", "纪要草稿待核对交办", { state: "draft" }),
    listDraftMeetings(db, actor),
    count("extension-pending", queueNames["extension-pending"], { queue: "extension-pending" }),
    count("review", "办结申请待审核", { state: "pending_review" }),
    count("incomplete", queueNames.incomplete, { queue: "incomplete" }),
    count("unsigned-late", queueNames["unsigned-late"], { queue: "unsigned-late" }),
    countFailedMail(db, actor),
  ]);
  const mail: QueueFigure = {
    key: "failed-mail",
    name: "邮件发送失败",
    n: failedMail,
    href: "/outbox?status=failed",
  };
  return { queues: [drafts, extensions, review, incomplete, unsigned, mail], draftMeetings: meetings };
}

/** A leader: red tasks of the units in their charge (every unit when none), and answers to their 批示. */
export async function leaderQueues(db: Db, actor: Actor, now: Date) {
  const count = await ledgerCounter(db, actor, now);
  const mine = actor.leaderUnitIds;
  const unitParams: LedgerParams = mine.length > 0 ? { unitId: mine.join(",") } : {};
  const queues = await Promise.all([
    count("red", mine.length > 0 ? "分管单位的红灯事项" : "红灯事项", { light: "red", ...unitParams }),
    count("instruction-answered", queueNames["instruction-answered"], { queue: "instruction-answered" }),
  ]);
  return { queues, draftMeetings: [] };
}

/** The summary counts above the queues, each a link to the ledger rows it counts. */
export function summaryLinks() {
  const states = ["draft", "assigned", "in_progress", "pending_review", "done"] as const;
  return {
    overdue: "/tasks?light=red",
    ...Object.fromEntries(states.map((s) => [s, `/tasks?state=${s}`])),
  } as Record<string, string>;
}
