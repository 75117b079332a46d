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
