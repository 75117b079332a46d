// What the review page (templates/tasks/review.eta) prints: the meeting's line, each extracted task as a draft
// form or a handed-out line, the choices each form starts with, and where a refusal's messages go. Pure: the
// route's data in, plain strings and flags out.
import { formatDate, fromDbDate } from "../../shared/calendar-date.ts";
import { suggestionsOf } from "./drafts.ts";
import { candidatesOf } from "./repeat-links.ts";
import { draftFieldNames, type TypedDraft } from "./schemas.ts";
import { type TaskState, taskStateNames } from "./states.ts";
import { taskFieldLabels } from "./view-names.ts";

type Option = { id: number; name: string };
type Choice = { value: string; label: string; selected: boolean };

export type ReviewTaskForView = {
  id: number;
  state: TaskState | string;
  title: string;
  topic: string | null;
  sourceText: string | null;
  deadline: Date | null;
  deadlineText: string | null;
  deadlineNeedsConfirmation: boolean;
  ongoing: boolean;
  reportCycle: string;
  leadUnitId: number | null;
  leaderId: number | null;
  leadUnit: { name: string } | null;
  coUnits: { unitId: number }[];
  unmatchedUnits: string[];
  vagueAddressees: string[];
  extractRule: string | null;
  reviewChecks: string[];
  /** Stored JSON: [{ unitId, unitName, reason }] (src/features/tasks/drafts.ts). */
  unitSuggestions: unknown;
  /** Stored JSON: [{ taskId, why }] (src/features/tasks/repeat-links.ts). */
  linkCandidates: unknown;
};

type RepeatTarget = {
  id: number;
  title: string;
  repeatCount: number;
  deadline: Date | null;
  leadUnit: { name: string } | null;
};

/** Which rule found a draft, in the words the office reads (src/extract: DirectiveRule). */
const ruleNames: Record<string, string> = {
  marker: "按“会议指出/强调/要求”等识别",
  leader: "按领导讲话识别",
  speech: "按讲话段落识别",
  "minutes-clause": "按纪要条款识别",
  "numbered-item": "按编号事项识别",
  assignment: "按“由……负责”识别",
  "minutes-subject": "按纪要中单位主语句识别",
  "minute-sheet": "按会议记录条目识别",
  manual: "人工添加",
};

/** Exactly what the review route hands the template today (getReview's result and the rest). */
export type ReviewInput = {
  meeting: { id: number; title: string; kind: string; heldOn: Date | null; chair: string | null };
  tasks: ReviewTaskForView[];
  units: Option[];
  leaders: Option[];
  pieces: { text: string; taskId: number | null; number: number | null }[];
  /** The open tasks this meeting's directives were linked to. */
  mentions: { id: number; sourceText: string; task: { id: number; title: string; repeatCount: number } }[];
  /** The open tasks the drafts' candidates name (a candidate whose task closed since is not offered). */
  repeatTargets: RepeatTarget[];
  title: string;
  reportCycleNames: Record<string, string>;
  /** A refusal: for one task's forms, or (taskId null) for the page's own forms (hand out, merge, add). */
  problem: { taskId: number | null; errors: Record<string, string>; status: number } | null;
  /** What was typed into drafts and not saved yet, by task id: shown instead of the stored values. */
  typed: Record<string, TypedDraft>;
  /** Shanghai's today, "YYYY-MM-DD": a deadline before it is warned about. */
  today: string;
};

/** A draft's fields as the form shows them: what was typed if anything was, else what is stored. */
type DraftValues = {
  title: string;
  leadUnitId: string;
  coUnitIds: string[];
  deadline: string;
  reportCycle: string;
  leaderId: string;
  ongoing: boolean;
  confirmDeadline: boolean;
};

function storedValues(t: ReviewTaskForView): DraftValues {
  return {
    title: t.title,
    leadUnitId: t.leadUnitId ? String(t.leadUnitId) : "",
    coUnitIds: t.coUnits.map((c) => String(c.unitId)),
    deadline: t.deadline ? fromDbDate(t.deadline) : "",
    reportCycle: t.reportCycle,
    leaderId: t.leaderId ? String(t.leaderId) : "",
    ongoing: t.ongoing,
    confirmDeadline: false,
  };
}

function typedValues(typed: TypedDraft): DraftValues {
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? "") : (v ?? ""));
  const co = typed.coUnitIds;
  return {
    title: one(typed.title),
    leadUnitId: one(typed.leadUnitId),
    coUnitIds: co === undefined ? [] : Array.isArray(co) ? co : [co],
    deadline: one(typed.deadline),
    reportCycle: one(typed.reportCycle),
    leaderId: one(typed.leaderId),
    // A checkbox left unticked is not sent at all.
    ongoing: one(typed.ongoing) === "on",
    confirmDeadline: one(typed.confirmDeadline) === "on",
  };
}

function sameValues(a: DraftValues, b: DraftValues): boolean {
  const { coUnitIds: aCo, confirmDeadline: _a, ...aRest } = a;
  const { coUnitIds: bCo, confirmDeadline: _b, ...bRest } = b;
  return JSON.stringify(aRest) === JSON.stringify(bRest) && [...aCo].sort().join() === [...bCo].sort().join();
}

const draftLabels = { ...taskFieldLabels, fragment: "拆分位置" };

export function reviewView(data: ReviewInput) {
  const m = data.meeting;
  const errorsFor = (taskId: number | null) =>
    data.problem && data.problem.taskId === taskId ? data.problem.errors : {};
  const drafts = data.tasks.filter((t) => t.state === "draft").length;
  // The first field with a message takes the focus, so the page opens scrolled to what needs fixing.
  const problemScope = data.problem?.taskId ? `task-${data.problem.taskId}` : "add";
  const firstError = data.problem
    ? [...draftFieldNames, "fragment"].find((name) => data.problem!.errors[name])
    : undefined;
  return {
    title: data.title,
    meeting: {
      title: m.title,
      kind: m.kind,
      heldOn: m.heldOn ? formatDate(m.heldOn) : null,
      chair: m.chair ? `${m.chair}主持` : null,
      counts: `共 ${data.tasks.length} 项，${taskStateNames.draft} ${drafts} 项`,
      editHref: `/meetings/${m.id}/edit`,
    },
    saveAction: `/meetings/${m.id}/save`,
    assignAction: `/meetings/${m.id}/assign`,
    mergeAction: `/meetings/${m.id}/merge`,
    addAction: `/meetings/${m.id}/add`,
    focus: firstError ? { name: firstError, scope: problemScope } : null,
    pageErrors: errorsFor(null),
    pageLabels: { fragment: "漏掉的事项原文" },
    pieces: data.pieces,
    mentions: data.mentions.map((m) => ({
      taskId: m.task.id,
      title: m.task.title,
      href: `/tasks/${m.task.id}`,
      count: `累计强调 ${m.task.repeatCount} 次`,
      sourceText: m.sourceText,
    })),
    tasks: data.tasks.map((t, i) => {
      const draft = t.state === "draft";
      const errors = errorsFor(t.id);
      const stored = storedValues(t);
      const typed = draft ? data.typed[String(t.id)] : undefined;
      const values = typed ? typedValues(typed) : stored;
      const pastDeadline = draft && values.deadline !== "" && values.deadline < data.today;
      return {
        id: t.id,
        number: i + 1,
        draft,
        title: t.title,
        href: `/tasks/${t.id}`,
        topic: t.topic,
        sourceText: t.sourceText,
        needsConfirmation: draft && t.deadlineNeedsConfirmation,
        missingLead: draft && !t.leadUnitId,
        missingDeadline: draft && !t.deadline && !t.ongoing,
        unsaved: typed !== undefined && !sameValues(values, stored),
        pastDeadline,
        scope: `task-${t.id}`,
        errors,
        labels: draftLabels,
        unitsAction: `/tasks/${t.id}/units`,
        dropAction: `/tasks/${t.id}/drop`,
        splitAction: `/tasks/${t.id}/split`,
        splitOpen: Boolean(errors.fragment),
        values,
        units: choices(data.units, (u) => String(u.id) === values.leadUnitId),
        coUnits: choices(data.units, (u) => values.coUnitIds.includes(String(u.id))),
        reportCycles: Object.entries(data.reportCycleNames).map(([value, label]) => ({
          value,
          label,
          selected: value === values.reportCycle,
        })),
        leaders: choices(data.leaders, (l) => String(l.id) === values.leaderId),
        unmatchedUnits: t.unmatchedUnits,
        foundBy: t.extractRule ? (ruleNames[t.extractRule] ?? null) : null,
        checks: draft ? t.reviewChecks : [],
        // Offered only while the draft has no lead unit: once one is chosen the suggestions have done their job.
        suggestions: draft && !t.leadUnitId ? suggestionsOf(t.unitSuggestions) : [],
        leadAction: `/tasks/${t.id}/lead`,
        repeats: draft ? repeatsOf(t, data.repeatTargets) : [],
        vagueAddressees: t.vagueAddressees.length ? t.vagueAddressees.join("、") : null,
        deadlineWarning: pastDeadline
          ? `完成时限 ${formatDate(values.deadline)} 已早于今天，交办后即为逾期，请核对`
          : null,
        deadlineHint: t.deadlineText
          ? `原文表述：“${t.deadlineText}”${t.deadlineNeedsConfirmation ? "，系按规则推算，请核对" : ""}`
          : null,
        askConfirmDeadline: t.deadlineNeedsConfirmation,
        handedOut: [
          `牵头：${t.leadUnit ? t.leadUnit.name : ""}`,
          t.deadline ? `完成时限 ${formatDate(t.deadline)}` : null,
        ]
          .filter(Boolean)
          .join(" · "),
      };
    }),
  };
}

/** The template data for meetings/review.eta: the layout's title and the page's view. */
export function reviewPageView(data: ReviewInput) {
  const view = reviewView(data);
  return { title: view.title, view };
}

/** A draft's repeat candidates as the card offers them: the open task, why, and the two presses. */
function repeatsOf(t: ReviewTaskForView, targets: RepeatTarget[]) {
  return candidatesOf(t.linkCandidates).flatMap((c) => {
    const target = targets.find((x) => x.id === c.taskId);
    if (!target) return [];
    const facts = [
      target.leadUnit ? `${target.leadUnit.name}牵头` : null,
      target.deadline ? `完成时限 ${formatDate(target.deadline)}` : null,
      `已在会议上提出 ${target.repeatCount} 次`,
    ];
    return [
      {
        taskId: target.id,
        title: target.title,
        href: `/tasks/${target.id}`,
        facts: facts.filter(Boolean).join(" · "),
        why: c.why,
        linkAction: `/tasks/${t.id}/link`,
        declineAction: `/tasks/${t.id}/decline`,
      },
    ];
  });
}

function choices(options: Option[], selected: (o: Option) => boolean): Choice[] {
  return options.map((o) => ({ value: String(o.id), label: o.name, selected: selected(o) }));
}
