// The review page's view model: drafts get forms with their current choices, handed-out tasks a line, and a
// refusal's messages land on the task (or the page form) they concern.
import { describe, expect, it } from "vitest";
import {
  type ReviewInput,
  type ReviewTaskForView,
  reviewPageView,
  reviewView,
} from "../../../src/features/tasks/review-view.ts";
import { toDbDate } from "../../../src/shared/calendar-date.ts";

const day = toDbDate;

function draft(over: Partial<ReviewTaskForView> = {}): ReviewTaskForView {
  return {
    id: 1,
    state: "draft",
    title: "水库除险加固",
    topic: "关于水库",
    sourceText: "在主汛期前完成。",
    deadline: day("2026-05-31"),
    deadlineText: "主汛期前",
    deadlineNeedsConfirmation: true,
    ongoing: false,
    reportCycle: "monthly",
    leadUnitId: null,
    leaderId: 9,
    leadUnit: null,
    coUnits: [{ unitId: 3 }],
    unmatchedUnits: ["区应急局"],
    vagueAddressees: ["各街道", "各部门"],
    extractRule: "marker",
    reviewChecks: [],
    unitSuggestions: [],
    linkCandidates: [],
    ...over,
  };
}

function input(over: Partial<ReviewInput> = {}): ReviewInput {
  return {
    meeting: { id: 5, title: "第52次常务会议", kind: "常务会议", heldOn: day("2026-04-20"), chair: "王区长" },
    tasks: [
      draft(),
      draft({
        id: 2,
        state: "assigned",
        title: "河道整治",
        leadUnitId: 2,
        leadUnit: { name: "区水务局" },
        deadlineNeedsConfirmation: true,
      }),
    ],
    units: [
      { id: 2, name: "区水务局" },
      { id: 3, name: "区财政局" },
    ],
    leaders: [{ id: 9, name: "李副区长" }],
    pieces: [],
    mentions: [],
    repeatTargets: [],
    title: "核对事项 · 第52次常务会议",
    reportCycleNames: { none: "不定期", monthly: "每月" },
    problem: null,
    typed: {},
    today: "2026-04-21",
    ...over,
  };
}

describe("reviewView", () => {
  it("counts the drafts with the state's own name", () => {
    const v = reviewView(input());
    expect(v.meeting).toEqual({
      title: "第52次常务会议",
      kind: "常务会议",
      heldOn: "2026年4月20日",
      chair: "王区长主持",
      counts: "共 2 项，待交办 1 项",
      editHref: "/meetings/5/edit",
    });
    expect(
      reviewView(input({ meeting: { ...input().meeting, heldOn: null, chair: null } })).meeting,
    ).toMatchObject({ heldOn: null, chair: null });
  });

  it("gives a draft its form with today's choices, and a handed-out task a line", () => {
    const [d, done] = reviewView(input()).tasks;
    expect(d).toMatchObject({
      number: 1,
      draft: true,
      needsConfirmation: true,
      missingLead: true,
      scope: "task-1",
      unsaved: false,
      pastDeadline: false,
      deadlineWarning: null,
      deadlineHint: "原文表述：“主汛期前”，系按规则推算，请核对",
      vagueAddressees: "各街道、各部门",
      unmatchedUnits: ["区应急局"],
    });
    expect(d!.values).toMatchObject({ title: "水库除险加固", deadline: "2026-05-31", ongoing: false });
    expect(d!.units.some((u) => u.selected)).toBe(false);
    expect(d!.coUnits.filter((u) => u.selected).map((u) => u.label)).toEqual(["区财政局"]);
    expect(d!.leaders[0]!.selected).toBe(true);
    expect(d!.reportCycles.find((c) => c.selected)?.value).toBe("monthly");
    expect(done).toMatchObject({
      number: 2,
      draft: false,
      needsConfirmation: false,
      missingLead: false,
      href: "/tasks/2",
      handedOut: "牵头：区水务局 · 完成时限 2026年5月31日",
    });
  });

  it("puts a task's refusal on that task, opening its split form for a split problem", () => {
    const v = reviewView(
      input({ problem: { taskId: 1, errors: { fragment: "原文中找不到这段文字" }, status: 422 } }),
    );
    expect(v.tasks[0]).toMatchObject({ errors: { fragment: "原文中找不到这段文字" }, splitOpen: true });
    expect(v.tasks[1]).toMatchObject({ errors: {}, splitOpen: false });
    expect(v.pageErrors).toEqual({});
  });

  it("puts a page-level refusal at the top, not on any task", () => {
    const v = reviewView(input({ problem: { taskId: null, errors: { _form: "请勾选两项" }, status: 409 } }));
    expect(v.pageErrors).toEqual({ _form: "请勾选两项" });
    expect(v.tasks.every((t) => Object.keys(t.errors).length === 0)).toBe(true);
  });

  it("gives the layout the page title", () => {
    expect(reviewPageView(input()).title).toBe("核对事项 · 第52次常务会议");
  });

  it("offers a draft without a lead unit its suggested units with their reasons, and the checks to make", () => {
    const suggestions = [{ unitId: 4, unitName: "区水务局", reason: "职责：水库、除险加固" }, { bad: true }];
    const view = reviewView(
      input({
        tasks: [
          draft({ reviewChecks: ["无“会议”主语，请核对是否为议定事项"], unitSuggestions: suggestions }),
          draft({ id: 2, leadUnitId: 4, unitSuggestions: suggestions }),
          draft({ id: 3, state: "assigned", reviewChecks: ["请核对"], unitSuggestions: suggestions }),
        ],
      }),
    );
    const [open, chosen, handedOut] = view.tasks;
    expect(open!.suggestions).toEqual([suggestions[0]]);
    expect(open!.leadAction).toBe("/tasks/1/lead");
    expect(open!.checks).toEqual(["无“会议”主语，请核对是否为议定事项"]);
    expect(open!.foundBy).toContain("会议指出");
    expect(chosen!.suggestions).toEqual([]);
    expect(handedOut!.suggestions).toEqual([]);
    expect(handedOut!.checks).toEqual([]);
  });

  it("shows what was typed into a draft instead of what is stored, and marks it unsaved only when it differs", () => {
    const typed = {
      "1": {
        title: "北山水库加固",
        leadUnitId: "2",
        coUnitIds: ["2", "3"],
        deadline: "2026-06-10",
        ongoing: "on",
      },
      "2": { title: "河道整治" },
    };
    const v = reviewView(input({ typed, tasks: [draft(), draft({ id: 3, title: "照旧" })] }));
    const [edited, untouchedDraft] = v.tasks;
    expect(edited).toMatchObject({ unsaved: true, values: { title: "北山水库加固", ongoing: true } });
    expect(edited!.units.find((u) => u.selected)?.label).toBe("区水务局");
    expect(edited!.coUnits.filter((u) => u.selected).map((u) => u.label)).toEqual(["区水务局", "区财政局"]);
    expect(untouchedDraft).toMatchObject({ unsaved: false, values: { title: "照旧" } });
    const same = {
      title: "水库除险加固",
      coUnitIds: "3",
      deadline: "2026-05-31",
      reportCycle: "monthly",
      leaderId: "9",
    };
    expect(reviewView(input({ typed: { "1": same } })).tasks[0]!.unsaved).toBe(false);
  });

  it("warns about a deadline before today, typed or stored, without refusing it", () => {
    const stored = reviewView(input({ today: "2026-06-01" })).tasks[0]!;
    expect(stored).toMatchObject({ pastDeadline: true });
    expect(stored.deadlineWarning).toContain("2026年5月31日 已早于今天");
    const typed = reviewView(input({ typed: { "1": { title: "x", deadline: "2026-04-20" } } })).tasks[0]!;
    expect(typed.pastDeadline).toBe(true);
    expect(reviewView(input()).tasks[0]!.pastDeadline).toBe(false);
  });

  it("focuses the first field with a message, in the form it belongs to", () => {
    const onDraft = input({
      problem: { taskId: 1, errors: { deadline: "日期有误", title: "请填写" }, status: 422 },
    });
    expect(reviewView(onDraft).focus).toEqual({ name: "title", scope: "task-1" });
    const onPage = input({ problem: { taskId: null, errors: { fragment: "太短" }, status: 422 } });
    expect(reviewView(onPage).focus).toEqual({ name: "fragment", scope: "add" });
    expect(reviewView(input()).focus).toBeNull();
  });
});
