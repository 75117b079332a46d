// Task states and their Chinese names, shared by services, pages and jobs.
export const taskStates = [
  "draft",
  "assigned",
  "in_progress",
  "pending_review",
  "done",
  "cancelled",
] as const;
export type TaskState = (typeof taskStates)[number];

export const taskStateNames: Record<TaskState, string> = {
  draft: "待交办",
  assigned: "待签收",
  in_progress: "办理中",
  pending_review: "待审核",
  done: "已办结",
  cancelled: "已撤销",
};

/** States in which a task is still someone's work (counted for overdue and reminders). */
export const openStates: TaskState[] = ["assigned", "in_progress", "pending_review"];

/** Where a task came from: a meeting record, or entered by hand (领导交办, 上级督办). */
export const taskOriginNames: Record<string, string> = {
  meeting: "会议纪要",
  leader: "领导交办",
  superior: "上级督办",
};

/** The decision note of a deadline the office moved itself on the edit form: an extension it granted itself. */
export const officeAdjustment = "督查室直接调整";
