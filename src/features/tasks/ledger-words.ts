// A ledger query in words, for the ledger page (its dashboard-only parameters have no field in the filter form,
// so a person following a figure would otherwise not see why the list is short) and the workbook's title.
import { formatDate } from "../../shared/calendar-date.ts";
import { lightNames, signWithinWorkdays } from "./light.ts";
import { recentQueueDays, type TaskQueue } from "./repository.ts";
import type { LedgerQuery } from "./schemas.ts";
import { taskStateNames } from "./states.ts";

export type FilterNames = {
  meetings: { id: number; title: string }[];
  units: { id: number; name: string }[];
};

/** Each queue as the home page names it and the ledger says it filters ("筛选：…"). */
export const queueNames: Record<TaskQueue, string> = {
  "extension-pending": "延期申请待审批",
  incomplete: "缺牵头单位或完成时限",
  "unsigned-late": `超过${signWithinWorkdays}个工作日未签收`,
  "report-due": "应报送进展",
  returned: "被退回",
  "extension-decided": `近${recentQueueDays}天延期申请已审批`,
  "instruction-answered": `批示后有新反馈（近${recentQueueDays}天）`,
};

const stageWords = { tracked: "已交办且未撤销", open: "未办结" } as const;
const doneWords = { all: "已办结", ontime: "按期办结", late: "逾期办结" } as const;

function span(range: string, verb: string): string {
  const [a, b] = range.split("..");
  if (a && b) return a === b ? `${formatDate(a)}${verb}` : `${formatDate(a)}至${formatDate(b)}${verb}`;
  if (a) return `${formatDate(a)}以后${verb}`;
  if (b) return `${formatDate(b)}以前${verb}`;
  return `已${verb}`;
}

/** "区水务局；未办结；7日内到期", or "全部事项" when nothing narrows the list. */
export function describeLedgerQuery(query: Partial<LedgerQuery>, names: FilterNames): string {
  const words: string[] = [];
  if (query.meetingId === null) words.push("无会议纪要的事项（领导交办、上级督办）");
  else if (query.meetingId) {
    const meeting = names.meetings.find((m) => m.id === query.meetingId);
    words.push(`会议：${meeting?.title ?? "（已删除的会议）"}`);
  }
  if (query.unitId) {
    const ids = Array.isArray(query.unitId) ? query.unitId : [query.unitId];
    const unitNames = ids.map((id) => names.units.find((u) => u.id === id)?.name ?? "（已停用的单位）");
    words.push(`单位：${unitNames.join("、")}`);
  }
  if (query.state) words.push(`状态：${taskStateNames[query.state]}`);
  if (query.stage) words.push(stageWords[query.stage]);
  if (query.done) words.push(doneWords[query.done]);
  if (query.light) words.push(`亮灯：${lightNames[query.light]}`);
  if (query.due !== undefined) words.push(query.due === 0 ? "今日到期" : `${query.due}日内到期`);
  if (query.from && query.to) words.push(`完成时限：${formatDate(query.from)}至${formatDate(query.to)}`);
  else if (query.from) words.push(`完成时限：${formatDate(query.from)}以后`);
  else if (query.to) words.push(`完成时限：${formatDate(query.to)}以前`);
  if (query.opened) words.push(span(query.opened, "交办"));
  if (query.closed) words.push(span(query.closed, "办结"));
  if (query.q) words.push(`关键词：“${query.q}”`);
  if (query.queue) words.push(`筛选：${queueNames[query.queue]}`);
  return words.length ? words.join("；") : "全部事项";
}
