// The kinds of workflow notice: who hears of each, in what words, and how by default. A kind a person has not
// chosen for keeps following its default here, so changing a default reaches everyone who never chose.
import type { Role } from "../../shared/actor.ts";

export const noticeKinds = [
  "handout",
  "returned",
  "extension_decided",
  "instruction",
  "repeat",
  "co_report",
  "extension_requested",
  "completion_requested",
] as const;
export type NoticeKind = (typeof noticeKinds)[number];

export const deliveries = ["now", "digest"] as const;
export type Delivery = (typeof deliveries)[number];

export const deliveryNames: Record<Delivery, string> = { now: "立即发送", digest: "每日汇总" };

export const noticeKindNames: Record<NoticeKind, string> = {
  handout: "交办",
  returned: "退回",
  extension_decided: "延期审批结果",
  instruction: "领导批示",
  repeat: "会议再次强调",
  co_report: "配合单位报送进展",
  extension_requested: "延期申请",
  completion_requested: "办结申请",
};

/** Whose accounts hear of a kind: units (the task's, or its lead unit's) or the office. */
export const noticeAudience: Record<NoticeKind, Role> = {
  handout: "unit",
  returned: "unit",
  extension_decided: "unit",
  instruction: "unit",
  repeat: "unit",
  co_report: "unit",
  extension_requested: "office",
  completion_requested: "office",
};

/**
 * What needs acting on goes at once (a new task, a return, a ruling on a deadline, a leader's words, a request
 * waiting for the office); a co-unit's routine report is news for the lead unit, read once a day.
 */
export const defaultDelivery: Record<NoticeKind, Delivery> = {
  handout: "now",
  returned: "now",
  extension_decided: "now",
  instruction: "now",
  repeat: "now",
  co_report: "digest",
  extension_requested: "now",
  completion_requested: "now",
};

export type NoticePrefs = Record<NoticeKind, Delivery>;

/** The stored choices (a JSON object that may be anything) over the defaults; unknown keys and values are dropped. */
export function readPrefs(stored: unknown): NoticePrefs {
  const prefs = { ...defaultDelivery };
  if (stored && typeof stored === "object" && !Array.isArray(stored)) {
    for (const kind of noticeKinds) {
      const value = (stored as Record<string, unknown>)[kind];
      if (value === "now" || value === "digest") prefs[kind] = value;
    }
  }
  return prefs;
}

/** The kinds a role can receive, in the order the 我的账号 page lists them. */
export function kindsFor(role: Role): NoticeKind[] {
  return noticeKinds.filter((k) => noticeAudience[k] === role);
}
