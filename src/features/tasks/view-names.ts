// Codes as the pages show them, in Chinese: every task template gets these.
import { reportCycleNames } from "./calendar-dates.ts";
import { lightNames } from "./light.ts";
import { taskStateNames } from "./states.ts";
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
