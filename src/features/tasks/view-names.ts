// Codes as the pages show them, in Chinese: every task template gets these.

import { escapeHtml } from "../../http/view-helpers.ts";
import { type Light, lightNames, lights } from "./light.ts";
import { reportCycleNames } from "./report-cycles.ts";
import { taskOriginNames, taskStateNames, taskStates } from "./states.ts";
import { taskActions } from "./transitions.ts";

export const eventNames: Record<string, string> = {
  import: "导入",
  create: "创建",
  edit: "修改",
  assign: "交办",
  sign: "签收",
  report: "进展反馈",
  request_completion: "申请办结",
  approve: "审核通过",
  return: "退回",
  request_extension: "申请延期",
  approve_extension: "同意延期",
  refuse_extension: "不同意延期",
  cancel: "撤销",
  urge: "催办",
  instruct: "批示",
  repeat: "会议再次强调",
};

/** A task form's fields as its error summary names them (the review page's draft form and the task page's edit). */
export const taskFieldLabels = {
  title: "事项名称",
  leadUnitId: "牵头单位",
  coUnitIds: "配合单位",
  deadline: "完成时限",
  reportCycle: "反馈周期",
  leaderId: "分管领导",
};

const derivationNames = { stated: "原文日期", rule: "按规则推算", manual: "人工设定" } as const;

/** What every task template needs to turn codes into Chinese. */
export const taskViewNames = {
  taskStateNames,
  lightNames,
  eventNames,
  derivationNames,
  reportCycleNames,
  taskActions,
};

/** A task's light as a coloured tag, or nothing for a task without one (drafts, done, cancelled). */
function lightTag(light: Light | null | undefined): string {
  if (!light) return "";
  return `<span class="light ${light}" title="${escapeHtml(lightNames[light])}">${escapeHtml(lightNames[light])}</span>`;
}

/**
 * The task names and the light tag every template gets (app.ts adds them to the view's defaultContext): one map
 * for each, so no template spells a state's name itself. The ledger draws a light on each of its 50 rows, hence
 * a function rather than a partial.
 */
export const taskTemplateHelpers = {
  lightTag,
  taskStates,
  taskStateNames,
  taskOriginNames,
  lights,
  lightNames,
};
