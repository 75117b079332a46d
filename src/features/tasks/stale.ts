// A press on a task page rendered before someone else moved the task (approved, returned, cancelled it …) is
// refused with 409 by the transition table or by the guarded update. The refusal then says who did what, so the
// person reading the refreshed page knows why nothing happened rather than being told only to refresh.
import type { Tx } from "../../db/open-database.ts";
import { ConflictError } from "../../shared/errors.ts";
import { findExtensionDecider, findLastStateChange, findPendingExtensionAsker } from "./repository.ts";
import { taskActions } from "./transitions.ts";

const notDone = "页面已刷新，您刚才的操作未执行。";

/** Which move an event records, in the words of the sentence "该事项已由张三…". */
const movedWords: Record<string, string> = {
  ...Object.fromEntries(Object.entries(taskActions).map(([action, rule]) => [action, rule.label])),
  create: "创建并交办",
};

/** The person as a page names them: 张三, or 区水务局张三 for a unit's user. */
function personOf(actor: { name: string; unit: { name: string } | null } | null): string {
  if (!actor) return "系统";
  return `${actor.unit?.name ?? ""}${actor.name}`;
}

/** A 409 naming the latest move of the task, or `fallback` when the history names none. */
export async function taskMovedError(tx: Tx, taskId: number, fallback: string): Promise<ConflictError> {
  const last = await findLastStateChange(tx, taskId);
  const words = last ? movedWords[last.action] : undefined;
  if (!last || !words) return new ConflictError(fallback);
  return new ConflictError(`该事项已由${personOf(last.actor)}${words}，${notDone}`);
}

/** A 409 for a decision on an extension request someone has decided already, naming them. */
export async function extensionDecidedError(tx: Tx, extensionId: number): Promise<ConflictError> {
  const decided = await findExtensionDecider(tx, extensionId);
  if (!decided?.decidedBy) return new ConflictError("这份延期申请已经审批过了");
  const words = decided.status === "approved" ? "同意" : "不同意";
  return new ConflictError(`这份延期申请已经审批过了：${decided.decidedBy.name}已${words}延期，${notDone}`);
}

/** A 409 for a second extension request while one is pending (a colleague's, from a page rendered before it). */
export async function extensionPendingError(tx: Tx, taskId: number): Promise<ConflictError> {
  const pending = await findPendingExtensionAsker(tx, taskId);
  const who = pending ? `（${personOf(pending.requestedBy)}已提交）` : "";
  return new ConflictError(`已有一份延期申请正在审批中${who}，${notDone}`);
}

/**
 * Runs `load` (a check against the transition table); a refusal because of the task's state becomes the named
 * explanation. A refusal of the person (403) or a missing task (404) passes unchanged.
 */
export async function explainingMoves<T>(tx: Tx, taskId: number, load: () => T | Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof ConflictError) throw await taskMovedError(tx, taskId, error.message);
    throw error;
  }
}
