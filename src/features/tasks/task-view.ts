// What the task page (templates/tasks/show.eta) prints, worked out here so the template only prints: which forms
// a person gets, the words for every code, the dates as they read, each form's messages and typed values after
// a refusal. Pure: the route's data in, plain strings and flags out.

import type { Role } from "../../shared/actor.ts";
import { formatDate, fromDbDate } from "../../shared/calendar-date.ts";
import { formatDateTime } from "../../shared/locale.ts";
import { outboxStatusNames } from "../outbox/service.ts";
import type { Light } from "./light.ts";
import { describeQualityFlags } from "./report-quality.ts";
import { officeAdjustment, openStates, type TaskState, taskOriginNames, taskStateNames } from "./states.ts";
import { taskFieldLabels } from "./view-names.ts";

export const extensionStatusNames: Record<string, string> = {
  pending: "审批中",
  approved: "已同意",
  refused: "未同意",
};

type Named = { name: string };
type Option = { id: number; name: string };

/** The parts of a task the page shows (what findTaskDetail loads). */
export type TaskDetailForView = {
  id: number;
  title: string;
  state: TaskState | string;
  origin: string;
  topic: string | null;
  sourceText: string | null;
  detail: string | null;
  deadline: Date | null;
  deadlineText: string | null;
  deadlineDerivation: string | null;
  deadlineNeedsConfirmation: boolean;
  ongoing: boolean;
  reportCycle: string;
  nextReportDue: Date | null;
  leadUnitId: number | null;
  leaderId: number | null;
  meeting: { title: string; heldOn: Date | null; chair: string | null } | null;
  /** How many meetings have asked for it, and the later ones with their words (repeat-links.ts). */
  repeatCount: number;
  mentions: { sourceText: string; meeting: { title: string; heldOn: Date | null } }[];
  leadUnit: (Named & { active?: boolean }) | null;
  leader: Named | null;
  coUnits: { unit: Option }[];
  reports: {
    createdAt: Date;
    body: string;
    completion: boolean;
    qualityFlags?: string[];
    author: Named;
    unit: Named | null;
    attachments: { id: number; fileName: string; size: number }[];
  }[];
  extensions: {
    id: number;
    status: string;
    reason: string;
    originalDeadline: Date | null;
    requestedDeadline: Date;
    requestedBy: Named;
    decidedBy: Named | null;
    decisionNote?: string | null;
  }[];
  events: {
    createdAt: Date;
    action: string;
    note: string | null;
    actor: { name: string; unit: Named | null } | null;
  }[];
};

export type ReminderForView = {
  onDate: Date;
  to: string;
  about: string;
  outbox: { status: string; sentAt: Date | null; lastError: string | null };
};

/** A workflow notice about the task, as src/features/notices/service.ts listTaskNotices words it. */
export type NoticeForView = {
  when: string;
  to: string;
  about: string;
  how: string;
  status: string;
  sentAt: string | null;
  error: string | null;
};

export type TaskProblem = {
  form: string;
  errors: Record<string, string>;
  values?: unknown;
  status: number;
};

/** Exactly what the task route hands the template today (taskViewNames, getTaskPage's result and the rest). */
export type TaskShowInput = {
  task: TaskDetailForView;
  reminders: ReminderForView[];
  notices?: NoticeForView[];
  light: Light | null;
  actions: readonly string[];
  editOptions: { units: Option[]; leaders: Option[] } | null;
  title: string;
  acceptedEvidence: string;
  maxEvidenceFiles: number;
  problem: TaskProblem | null;
  eventNames: Record<string, string>;
  derivationNames: Record<string, string>;
  reportCycleNames: Record<string, string>;
};

export type Fact = { term: string; value: string };
export type Choice = { value: string; label: string; selected: boolean };

/** One form on the page: where it posts, its field ids' scope, and after a refusal its messages and values. */
export type FormView = {
  action: string;
  scope: string;
  /** Field name → the Chinese name used in the error summary's links. */
  labels: Record<string, string>;
  errors: Record<string, string>;
  values: Record<string, string>;
  refused: boolean;
};

/** The forms, in the order the page shows them; each is absent when this person may not use it now. */
export type TaskForms = {
  sign?: FormView;
  report?: FormView;
  requestCompletion?: FormView;
  requestExtension?: FormView;
  urge?: FormView;
  approve?: FormView;
  return?: FormView;
  decideExtension?: FormView & { request: { by: string; from: string; to: string; reason: string } };
  instruct?: FormView;
  edit?: FormView & {
    title: string;
    units: Choice[];
    coUnits: Choice[];
    reportCycles: Choice[];
    leaders: Choice[];
    deadline: string;
    ongoing: boolean;
    handedOut: boolean;
  };
  cancel?: FormView;
};

export function taskShowView(data: TaskShowInput, actor: { role: Role; unitId?: number | null }) {
  const t = data.task;
  const pending = t.extensions.find((e) => e.status === "pending") ?? null;
  const forms = taskForms(data, pending);
  // The latest 批示 stands at the top of the page: it is what the leader wants done now.
  const instruction = t.events.findLast((e) => e.action === "instruct") ?? null;
  return {
    title: data.title,
    acceptedEvidence: data.acceptedEvidence,
    maxEvidenceFiles: data.maxEvidenceFiles,
    back: actor.role === "unit" ? { href: "/", label: "本单位事项" } : { href: "/tasks", label: "督办台账" },
    light: data.light,
    heading: t.title,
    // A co-unit can do nothing before the lead unit signs: its page says whom the task waits for.
    state: {
      code: t.state,
      name:
        actor.role === "unit" && t.state === "assigned" && t.leadUnitId !== actor.unitId
          ? "牵头单位尚未签收"
          : (taskStateNames[t.state as TaskState] ?? t.state),
    },
    instruction: instruction
      ? {
          who: instruction.actor?.name ?? "领导",
          when: formatDateTime(instruction.createdAt),
          text: instruction.note ?? "",
        }
      : null,
    deadline: t.deadline ? formatDate(t.deadline) : null,
    deadlineNote: t.deadline ? null : t.ongoing ? "长期坚持" : "完成时限待定",
    deadlineNeedsConfirmation: t.deadlineNeedsConfirmation,
    source: t.meeting
      ? {
          meeting: [
            t.meeting.title,
            t.meeting.heldOn ? formatDate(t.meeting.heldOn) : null,
            t.meeting.chair ? `${t.meeting.chair}主持` : null,
          ]
            .filter(Boolean)
            .join(" · "),
          topic: t.topic,
          text: t.sourceText,
          origin: null,
          repeats: repeatsOf(t),
        }
      : {
          meeting: null,
          topic: null,
          text: null,
          origin: taskOriginNames[t.origin] ?? t.origin,
          repeats: repeatsOf(t),
        },
    repeatTag: t.repeatCount >= 2 ? `第${t.repeatCount}次强调` : null,
    detail: t.detail,
    reports: t.reports.map((r) => ({
      when: formatDateTime(r.createdAt),
      who: [r.unit?.name, r.author.name].filter(Boolean).join(" "),
      completion: r.completion,
      body: r.body,
      // The office reviews reports; a unit is not shown the check's verdicts on its own wording.
      quality: actor.role === "office" ? describeQualityFlags(r.qualityFlags ?? []) : [],
      files: r.attachments.map((f) => ({
        href: `/files/${f.id}`,
        name: f.fileName,
        size: `${Math.max(1, Math.round(f.size / 1024))} KB`,
      })),
    })),
    forms,
    hasForms: Object.keys(forms).length > 0,
    // A refusal whose form the page no longer offers (someone approved the task meanwhile, so 退回 is gone) is
    // said at the top, or nobody would read it.
    notice:
      data.problem && !Object.values(forms).some((f) => f.refused)
        ? Object.values(data.problem.errors).join("；")
        : null,
    duties: [
      { term: "牵头单位", value: leadUnitWords(t) },
      { term: "配合单位", value: t.coUnits.map((c) => c.unit.name).join("、") || "无" },
      { term: "分管领导", value: t.leader ? t.leader.name : "未指定" },
      {
        term: "反馈周期",
        value:
          (data.reportCycleNames[t.reportCycle] ?? t.reportCycle) +
          (t.nextReportDue ? `，下次 ${formatDate(t.nextReportDue)} 前` : ""),
      },
    ] satisfies Fact[],
    deadlineFacts: [
      { term: "时限", value: t.deadline ? formatDate(t.deadline) : t.ongoing ? "长期坚持" : "待定" },
      ...(t.deadlineText ? [{ term: "原文表述", value: `“${t.deadlineText}”` }] : []),
      ...(t.deadlineDerivation
        ? [
            {
              term: "确定方式",
              value: data.derivationNames[t.deadlineDerivation] ?? t.deadlineDerivation,
            },
          ]
        : []),
    ] satisfies Fact[],
    extensions: t.extensions.map((e) =>
      e.decisionNote === officeAdjustment && e.status === "approved"
        ? {
            from: formatDate(e.originalDeadline) || "未定",
            to: formatDate(e.requestedDeadline),
            status: officeAdjustment,
            by: `${e.decidedBy?.name ?? e.requestedBy.name}，理由：${e.reason}`,
          }
        : {
            from: formatDate(e.originalDeadline) || "未定",
            to: formatDate(e.requestedDeadline),
            status: extensionStatusNames[e.status] ?? e.status,
            by: `${e.requestedBy.name} 申请${e.decidedBy ? `，${e.decidedBy.name} 审批` : ""}`,
          },
    ),
    history: t.events.map((e) => ({
      when: formatDateTime(e.createdAt),
      who: e.actor ? `${e.actor.name}${e.actor.unit ? `（${e.actor.unit.name}）` : ""}` : "系统",
      action: data.eventNames[e.action] ?? e.action,
      note: e.note,
    })),
    notices: data.notices ?? [],
    reminders: data.reminders.map((r) => ({
      date: formatDate(r.onDate),
      to: r.to,
      about: r.about,
      status: outboxStatusNames[r.outbox.status as keyof typeof outboxStatusNames] ?? r.outbox.status,
      sentAt: r.outbox.sentAt ? formatDateTime(r.outbox.sentAt) : null,
      error: r.outbox.lastError && r.outbox.status !== "sent" ? r.outbox.lastError : null,
    })),
  };
}

export type TaskShowView = ReturnType<typeof taskShowView>;

function taskForms(data: TaskShowInput, pending: TaskDetailForView["extensions"][number] | null): TaskForms {
  const t = data.task;
  const can = (action: string) => data.actions.includes(action);
  const form = (key: string, path: string, labels: Record<string, string> = {}): FormView => {
    const refused = data.problem?.form === key;
    return {
      action: `/tasks/${t.id}/${path}`,
      scope: key.replaceAll("_", "-"),
      labels,
      errors: refused ? data.problem!.errors : {},
      values: refused ? stringValues(data.problem!.values) : {},
      refused,
    };
  };
  const forms: TaskForms = {};
  if (can("sign")) forms.sign = form("sign", "sign");
  if (can("report")) forms.report = form("report", "report", { body: "进展情况", files: "附件" });
  if (can("request_completion"))
    forms.requestCompletion = form("request_completion", "request-completion", {
      summary: "办结情况说明",
      files: "佐证材料",
    });
  if (can("request_extension") && !pending)
    forms.requestExtension = form("request_extension", "extension", {
      requestedDeadline: "申请延至",
      reason: "延期理由",
    });
  if (can("urge")) forms.urge = form("urge", "urge", { note: "催办意见" });
  if (can("approve")) forms.approve = form("approve", "approve");
  if (can("return")) forms.return = form("return", "return", { reason: "退回理由" });
  if (can("decide_extension") && pending)
    forms.decideExtension = {
      ...form("decide_extension", `extensions/${pending.id}`, { note: "审批意见" }),
      request: {
        by: pending.requestedBy.name,
        from: formatDate(pending.originalDeadline) || "未定",
        to: formatDate(pending.requestedDeadline),
        reason: pending.reason,
      },
    };
  if (can("instruct")) forms.instruct = form("instruct", "instruct", { text: "批示内容" });
  if (can("edit") && data.editOptions) {
    const edit = form("edit", "edit", { ...taskFieldLabels, deadlineReason: "调整理由" });
    // After a refusal the form shows what was typed (a new deadline waiting for its 调整理由), else the task.
    const typed = edit.refused ? typedEdit(data.problem!.values) : null;
    const coUnitIds = typed?.coUnitIds ?? t.coUnits.map((c) => c.unit.id);
    const leadUnitId = typed ? typed.leadUnitId : t.leadUnitId;
    const leaderId = typed ? typed.leaderId : t.leaderId;
    const reportCycle = typed?.reportCycle ?? t.reportCycle;
    forms.edit = {
      ...edit,
      title: typed?.title ?? t.title,
      units: choices(data.editOptions.units, (u) => u.id === leadUnitId),
      coUnits: choices(data.editOptions.units, (u) => coUnitIds.includes(u.id)),
      reportCycles: Object.entries(data.reportCycleNames).map(([value, label]) => ({
        value,
        label,
        selected: value === reportCycle,
      })),
      leaders: choices(data.editOptions.leaders, (l) => l.id === leaderId),
      deadline: typed?.deadline ?? (t.deadline ? fromDbDate(t.deadline) : ""),
      ongoing: typed ? typed.ongoing : t.ongoing,
      handedOut: t.state !== "draft",
    };
  }
  if (can("cancel")) forms.cancel = form("cancel", "cancel", { reason: "撤销理由" });
  return forms;
}

/** The edit form's fields as sent (the parsed body, or the raw one when it failed its schema). */
function typedEdit(values: unknown) {
  const v = (values && typeof values === "object" ? values : {}) as Record<string, unknown>;
  const id = (x: unknown) => (x === undefined || x === null || x === "" ? null : Number(x));
  const list = Array.isArray(v.coUnitIds) ? v.coUnitIds : v.coUnitIds === undefined ? [] : [v.coUnitIds];
  return {
    title: typeof v.title === "string" ? v.title : undefined,
    leadUnitId: id(v.leadUnitId),
    leaderId: id(v.leaderId),
    coUnitIds: list.map(Number),
    deadline: typeof v.deadline === "string" ? v.deadline : v.deadline === undefined ? "" : undefined,
    reportCycle: typeof v.reportCycle === "string" ? v.reportCycle : undefined,
    ongoing: v.ongoing === true || v.ongoing === "on" || v.ongoing === "true",
  };
}

function choices(options: Option[], selected: (o: Option) => boolean): Choice[] {
  return options.map((o) => ({ value: String(o.id), label: o.name, selected: selected(o) }));
}

/** What the person typed into a refused form, as strings for the inputs (anything else is dropped). */
function stringValues(values: unknown): Record<string, string> {
  if (!values || typeof values !== "object") return {};
  return Object.fromEntries(
    Object.entries(values).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}

/** The template data for tasks/show.eta: the layout's title and the page's view. */
export function taskShowPage(data: TaskShowInput, actor: { role: Role; unitId?: number | null }) {
  const view = taskShowView(data, actor);
  return { title: view.title, view };
}

type InboxTask = {
  id: number;
  state: string;
  deadline: Date | null;
  ongoing: boolean;
  leadUnit: { id: number; name: string } | null;
};

const inboxSections = [
  {
    key: "toSign",
    heading: taskStateNames.assigned,
    hint: "交办后请在 2 个工作日内签收，可勾选多项一起签收。",
  },
  {
    key: "awaitingLead",
    heading: "待牵头单位签收",
    hint: "本单位是这些事项的配合单位。牵头单位签收后，本单位即可报送配合进展。",
  },
  { key: "returned", heading: "被退回", hint: "督查室退回了办结申请，请按意见补充后重新申请办结。" },
  { key: "overdue", heading: "已逾期", hint: "已超过完成时限，请尽快办结或申请延期。" },
  { key: "inProgress", heading: taskStateNames.in_progress, hint: null },
  { key: "pendingReview", heading: "待督查室审核", hint: null },
] as const;

type InboxKey = (typeof inboxSections)[number]["key"];

/** What listInbox returns, as the view reads it. */
type InboxData<T> = Record<InboxKey, T[]> & { unitId: number | null; done: T[]; doneTotal: number };

/** One card: the words for its state and deadline, and whether this unit leads it or helps. */
function inboxCard<T extends InboxTask>(t: T, unitId: number | null, waiting = false) {
  const lead = t.leadUnit !== null && t.leadUnit.id === unitId;
  return {
    ...t,
    stateName: waiting ? "牵头单位尚未签收" : (taskStateNames[t.state as TaskState] ?? t.state),
    deadlineWords: t.deadline ? `完成时限 ${formatDate(t.deadline)}` : t.ongoing ? "长期坚持" : "时限待定",
    role: lead ? "本单位牵头" : `本单位配合${t.leadUnit ? `，牵头 ${t.leadUnit.name}` : ""}`,
  };
}

/** The 已办结 part of the inbox, or the whole of its search page. */
function doneView<T extends InboxTask>(rows: T[], total: number, unitId: number | null, q: string | null) {
  return {
    rows: rows.map((t) => inboxCard(t, unitId)),
    total,
    q: q ?? "",
    more: total > rows.length ? `共 ${total} 项，显示最近办结的 ${rows.length} 项` : null,
  };
}

/**
 * A unit's inbox (tasks/inbox.eta): the sections that have tasks, in order, each card's words worked out, the
 * 待签收 cards with a tick for the batch 签收, and the latest finished tasks with their search box.
 */
export function inboxView<T extends InboxTask, D extends { inbox: InboxData<T> }>(
  data: D & { errors?: Record<string, string> },
) {
  const { unitId } = data.inbox;
  const sections = inboxSections
    .map((s) => ({
      ...s,
      batchSign: s.key === "toSign",
      rows: data.inbox[s.key].map((t) => inboxCard(t, unitId, s.key === "awaitingLead")),
    }))
    .filter((s) => s.rows.length > 0);
  const done = doneView(data.inbox.done, data.inbox.doneTotal, unitId, null);
  return {
    ...data,
    heading: "督办事项",
    sections,
    done: done.total > 0 ? done : null,
    errors: data.errors ?? {},
    empty: sections.length === 0 && done.total === 0,
  };
}

/** The search of a unit's finished tasks (tasks/inbox.eta with only its 已办结 part). */
export function doneSearchView<T extends InboxTask>(
  data: { title: string; unitId: number | null; rows: T[]; total: number; q: string | undefined },
  errors: Record<string, string> = {},
) {
  const done = doneView(data.rows, data.total, data.unitId, data.q ?? null);
  return {
    title: data.title,
    heading: "已办结事项",
    back: { href: "/", label: "本单位事项" },
    sections: [],
    done: { ...done, found: data.q ? `“${data.q}”：找到 ${data.total} 项` : null },
    errors,
    empty: false,
  };
}

/**
 * One of a unit's queues on its own (tasks/inbox.eta narrowed to the queue): every task of it, however many
 * other sections of the inbox it would also belong to, and the queues above to move between them.
 */
export function inboxQueueView<T extends InboxTask>(data: {
  title: string;
  unitId: number | null;
  queue: { key: string; heading: string; hint: string; batchSign: boolean };
  rows: T[];
  total: number;
  errors?: Record<string, string>;
}) {
  const { queue, unitId } = data;
  const more = data.total > data.rows.length ? `共 ${data.total} 项，显示前 ${data.rows.length} 项` : null;
  return {
    title: data.title,
    heading: queue.heading,
    back: { href: "/", label: "本单位事项" },
    sections: [
      {
        ...queue,
        rows: data.rows.map((t) => inboxCard(t, unitId)),
        more,
      },
    ],
    done: null,
    errors: data.errors ?? {},
    empty: false,
  };
}

/** The lead unit's name, flagged while an open task still rests with a unit the office has deactivated. */
function leadUnitWords(t: { state: string; leadUnit: { name: string; active?: boolean } | null }): string {
  if (!t.leadUnit) return "待定";
  const flagged = t.leadUnit.active === false && openStates.includes(t.state as TaskState);
  return flagged ? `${t.leadUnit.name}（责任单位已停用）` : t.leadUnit.name;
}

type LedgerRow = {
  state: string;
  origin: string;
  deadline: Date | null;
  deadlineNeedsConfirmation: boolean;
  ongoing: boolean;
  leadUnit: { name: string; active?: boolean } | null;
  coUnits: { unit: { name: string } }[];
  meeting: { title: string } | null;
};

/** The ledger (tasks/ledger.eta): each row's words worked out, so the 50-row table only prints. */
export function ledgerView<T extends LedgerRow, D extends { rows: T[] }>(data: D) {
  const { rows, ...rest } = data;
  return {
    ...(rest as Omit<D, "rows">),
    rows: rows.map((t) => ({
      ...t,
      leadName: leadUnitWords(t),
      coNames: t.coUnits.map((c) => c.unit.name).join("、"),
      deadlineDate: t.deadline ? formatDate(t.deadline) : null,
      deadlineWords: t.deadline ? null : t.ongoing ? "长期坚持" : "待定",
      confirmDeadline: Boolean(t.deadline) && t.deadlineNeedsConfirmation,
      stateName: taskStateNames[t.state as TaskState] ?? t.state,
      source: t.meeting ? t.meeting.title : (taskOriginNames[t.origin] ?? t.origin),
    })),
  };
}

/** The later meetings that asked for the task again: 第2次强调, 第60次常务会议 · 2026年7月1日, and their words. */
function repeatsOf(t: TaskDetailForView) {
  const first = t.repeatCount - t.mentions.length;
  return t.mentions.map((m, i) => ({
    tag: `第${first + i + 1}次强调`,
    meeting: [m.meeting.title, m.meeting.heldOn ? formatDate(m.meeting.heldOn) : null]
      .filter(Boolean)
      .join(" · "),
    text: m.sourceText,
  }));
}
