// The one table of who may do what to a task, from which state. Every task service checks it through
// `checkAction`, so a refusal reads the same wherever it comes from.

import type { Actor, Role } from "../../shared/actor.ts";
import { ConflictError, ForbiddenError, NotFoundError } from "../../shared/errors.ts";
import { type TaskState, taskStateNames } from "./states.ts";

/**
 * `to: null` leaves the state as it is (a report, a request, an instruction).
 * `unit`: for unit users, "lead" means only the lead unit; "member" allows co-units too.
 */
type Rule = {
  label: string;
  from: TaskState[];
  to: TaskState | null;
  roles: Role[];
  unit?: "lead" | "member";
};

export const taskActions = {
  edit: {
    label: "修改",
    from: ["draft", "assigned", "in_progress", "pending_review"],
    to: null,
    roles: ["office"],
  },
  assign: { label: "交办", from: ["draft"], to: "assigned", roles: ["office"] },
  sign: { label: "签收", from: ["assigned"], to: "in_progress", roles: ["unit"], unit: "lead" },
  report: { label: "进展反馈", from: ["in_progress"], to: null, roles: ["unit"], unit: "member" },
  request_completion: {
    label: "申请办结",
    from: ["in_progress"],
    to: "pending_review",
    roles: ["unit"],
    unit: "lead",
  },
  approve: { label: "审核通过", from: ["pending_review"], to: "done", roles: ["office"] },
  return: { label: "退回", from: ["pending_review"], to: "in_progress", roles: ["office"] },
  request_extension: { label: "申请延期", from: ["in_progress"], to: null, roles: ["unit"], unit: "lead" },
  decide_extension: {
    label: "审批延期",
    from: ["assigned", "in_progress", "pending_review"],
    to: null,
    roles: ["office"],
  },
  cancel: {
    label: "撤销",
    from: ["draft", "assigned", "in_progress", "pending_review"],
    to: "cancelled",
    roles: ["office"],
  },
  urge: { label: "催办", from: ["assigned", "in_progress", "pending_review"], to: null, roles: ["office"] },
  instruct: {
    label: "批示",
    from: ["assigned", "in_progress", "pending_review", "done"],
    to: null,
    roles: ["leader"],
  },
} as const satisfies Record<string, Rule>;

export type TaskAction = keyof typeof taskActions;

/** What a rule needs to know about the task. */
export type TaskParties = { state: TaskState; leadUnitId: number | null; coUnitIds: number[] };

const roleWords: Record<Role, string> = { office: "督查室", unit: "责任单位", leader: "领导" };

export type Refusal = { kind: "forbidden" | "state"; message: string };

/** Why the actor may not take the action, in Chinese; null when they may. */
export function refusal(actor: Actor, task: TaskParties, action: TaskAction): Refusal | null {
  const rule: Rule = taskActions[action];
  if (!rule.roles.includes(actor.role)) {
    const who = rule.roles.map((r) => roleWords[r]).join("或");
    return { kind: "forbidden", message: `“${rule.label}”只能由${who}操作` };
  }
  if (actor.role === "unit") {
    const isLead = actor.unitId !== null && actor.unitId === task.leadUnitId;
    const isCo = actor.unitId !== null && task.coUnitIds.includes(actor.unitId);
    // A draft is the office's working copy: units do not see it at all.
    if (task.state === "draft" || (!isLead && !(rule.unit === "member" && isCo))) {
      const message =
        isCo && task.state !== "draft"
          ? `“${rule.label}”由牵头单位办理，配合单位可以报送进展`
          : "这不是本单位的督办事项";
      return { kind: "forbidden", message };
    }
  }
  if (!rule.from.includes(task.state)) {
    return { kind: "state", message: `事项当前为“${taskStateNames[task.state]}”，不能${rule.label}` };
  }
  return null;
}

/** Throws the refusal: 403 when the actor may not do this to this task, 409 when the state does not allow it. */
/**
 * A task row as loaded (its co-units as rows), or null when there is none: 404, or the refusal, or the task.
 * Every use case that loads one task and acts on it starts here.
 */
export function checkLoadedTask<
  T extends { state: TaskState; leadUnitId: number | null; coUnits: { unitId: number }[] },
>(actor: Actor, task: T | null, action: TaskAction): T {
  if (!task) throw new NotFoundError("督办事项不存在");
  const coUnitIds = task.coUnits.map((c) => c.unitId);
  checkAction(actor, { state: task.state, leadUnitId: task.leadUnitId, coUnitIds }, action);
  return task;
}

export function checkAction(actor: Actor, task: TaskParties, action: TaskAction): void {
  const reason = refusal(actor, task, action);
  if (!reason) return;
  throw reason.kind === "forbidden" ? new ForbiddenError(reason.message) : new ConflictError(reason.message);
}

export function actionsFor(actor: Actor, task: TaskParties): TaskAction[] {
  return (Object.keys(taskActions) as TaskAction[]).filter((a) => refusal(actor, task, a) === null);
}

/** Who may open a task at all: the office and leaders any task; a unit the handed-out tasks it leads or helps. */
export function mayView(actor: Actor, task: TaskParties): boolean {
  if (actor.role !== "unit") return true;
  if (task.state === "draft" || actor.unitId === null) return false;
  return task.leadUnitId === actor.unitId || task.coUnitIds.includes(actor.unitId);
}
