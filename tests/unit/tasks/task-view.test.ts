// The task page's view model: what each person is offered, how codes and dates read, and where a refused form's
// messages and typed values go.
import { describe, expect, it } from "vitest";
import {
  inboxView,
  ledgerView,
  type TaskDetailForView,
  type TaskShowInput,
  taskShowPage,
  taskShowView,
} from "../../../src/features/tasks/task-view.ts";
import { toDbDate } from "../../../src/shared/calendar-date.ts";

const eventNames = { sign: "签收", report: "进展反馈" };
const day = toDbDate;

function task(over: Partial<TaskDetailForView> = {}): TaskDetailForView {
  return {
    id: 7,
    title: "北山水库除险加固",
    state: "in_progress",
    origin: "meeting",
    topic: "关于水库除险加固",
    sourceText: "会议要求，在主汛期前完成除险加固。",
    detail: null,
    deadline: day("2027-05-31"),
    deadlineText: "主汛期前",
    deadlineDerivation: "rule",
    deadlineNeedsConfirmation: false,
    ongoing: false,
    reportCycle: "monthly",
    nextReportDue: day("2026-12-31"),
    leadUnitId: 1,
    leaderId: null,
    meeting: { title: "第52次常务会议", heldOn: day("2026-11-20"), chair: "王区长" },
    leadUnit: { name: "区水务局" },
    leader: null,
    coUnits: [{ unit: { id: 2, name: "区财政局" } }, { unit: { id: 3, name: "区教体局" } }],
    reports: [],
    extensions: [],
    events: [],
    repeatCount: 1,
    mentions: [],
    ...over,
  };
}

function input(over: Partial<TaskShowInput> = {}): TaskShowInput {
  return {
    task: task(),
    reminders: [],
    light: "yellow",
    actions: [],
    editOptions: null,
    title: "北山水库除险加固",
    acceptedEvidence: "PDF、图片",
    maxEvidenceFiles: 5,
    problem: null,
    eventNames,
    derivationNames: { stated: "原文日期", rule: "按规则推算", manual: "人工设定" },
    reportCycleNames: { none: "不定期", weekly: "每周", semimonthly: "每半月", monthly: "每月" },
    ...over,
  };
}

const unit = { role: "unit" } as const;
const office = { role: "office" } as const;

describe("taskShowView", () => {
  it("names the state, the deadline and the source in Chinese", () => {
    const v = taskShowView(input(), unit);
    expect(v.state).toEqual({ code: "in_progress", name: "办理中" });
    expect(v.deadline).toBe("2027年5月31日");
    expect(v.deadlineNote).toBeNull();
    expect(v.source.meeting).toBe("第52次常务会议 · 2026年11月20日 · 王区长主持");
    expect(v.duties).toEqual([
      { term: "牵头单位", value: "区水务局" },
      { term: "配合单位", value: "区财政局、区教体局" },
      { term: "分管领导", value: "未指定" },
      { term: "反馈周期", value: "每月，下次 2026年12月31日 前" },
    ]);
    expect(v.deadlineFacts).toEqual([
      { term: "时限", value: "2027年5月31日" },
      { term: "原文表述", value: "“主汛期前”" },
      { term: "确定方式", value: "按规则推算" },
    ]);
  });

  it("says 长期坚持 or 待定 for a task without a deadline, and names a hand-entered task's origin", () => {
    const ongoing = taskShowView(
      input({ task: task({ deadline: null, ongoing: true, deadlineText: null, deadlineDerivation: null }) }),
      unit,
    );
    expect(ongoing.deadlineNote).toBe("长期坚持");
    expect(ongoing.deadlineFacts).toEqual([{ term: "时限", value: "长期坚持" }]);
    const open = taskShowView(
      input({ task: task({ deadline: null, meeting: null, origin: "superior", coUnits: [] }) }),
      office,
    );
    expect(open.deadlineNote).toBe("完成时限待定");
    expect(open.source).toMatchObject({ meeting: null, origin: "上级督办" });
    expect(open.duties[1]).toEqual({ term: "配合单位", value: "无" });
  });

  it("leads a unit back to its inbox and everyone else to the ledger", () => {
    expect(taskShowView(input(), unit).back).toEqual({ href: "/", label: "本单位事项" });
    expect(taskShowView(input(), office).back).toEqual({ href: "/tasks", label: "督办台账" });
  });

  it("offers only the forms the actions allow, and no 办理 card when there are none", () => {
    const none = taskShowView(input(), office);
    expect(none.hasForms).toBe(false);
    const v = taskShowView(input({ actions: ["report", "request_completion", "request_extension"] }), unit);
    expect(Object.keys(v.forms)).toEqual(["report", "requestCompletion", "requestExtension"]);
    expect(v.forms.report?.action).toBe("/tasks/7/report");
    expect(v.forms.requestExtension?.action).toBe("/tasks/7/extension");
    expect(v.hasForms).toBe(true);
  });

  it("swaps the extension request for the decision while one is pending", () => {
    const pending = task({
      extensions: [
        {
          id: 11,
          status: "pending",
          reason: "汛期施工受限",
          originalDeadline: null,
          requestedDeadline: day("2027-06-30"),
          requestedBy: { name: "张三" },
          decidedBy: null,
        },
      ],
    });
    const forUnit = taskShowView(input({ task: pending, actions: ["request_extension"] }), unit);
    expect(forUnit.forms.requestExtension).toBeUndefined();
    expect(forUnit.hasForms).toBe(false);
    expect(forUnit.extensions).toEqual([
      { from: "未定", to: "2027年6月30日", status: "审批中", by: "张三 申请" },
    ]);
    const forOffice = taskShowView(input({ task: pending, actions: ["decide_extension"] }), office);
    expect(forOffice.forms.decideExtension?.action).toBe("/tasks/7/extensions/11");
    expect(forOffice.forms.decideExtension?.request).toEqual({
      by: "张三",
      from: "未定",
      to: "2027年6月30日",
      reason: "汛期施工受限",
    });
  });

  it("puts a refusal's messages and typed values on the form it concerns only", () => {
    const v = taskShowView(
      input({
        actions: ["request_extension", "report"],
        problem: {
          form: "request_extension",
          errors: { requestedDeadline: "日期应为真实存在的日期" },
          values: { requestedDeadline: "2027-02-31", reason: "施工受限", junk: 3 },
          status: 422,
        },
      }),
      unit,
    );
    expect(v.forms.requestExtension).toMatchObject({
      scope: "request-extension",
      refused: true,
      errors: { requestedDeadline: "日期应为真实存在的日期" },
      values: { requestedDeadline: "2027-02-31", reason: "施工受限" },
      labels: { requestedDeadline: "申请延至", reason: "延期理由" },
    });
    expect(v.forms.report).toMatchObject({ refused: false, errors: {}, values: {} });
  });

  it("marks the edit choices that the task has now", () => {
    const v = taskShowView(
      input({
        actions: ["edit"],
        editOptions: {
          units: [
            { id: 1, name: "区水务局" },
            { id: 2, name: "区财政局" },
            { id: 4, name: "区民政局" },
          ],
          leaders: [{ id: 9, name: "李副区长" }],
        },
      }),
      office,
    );
    const edit = v.forms.edit!;
    expect(edit.units.filter((u) => u.selected).map((u) => u.label)).toEqual(["区水务局"]);
    expect(edit.coUnits.filter((u) => u.selected).map((u) => u.label)).toEqual(["区财政局"]);
    expect(edit.reportCycles.find((c) => c.selected)?.value).toBe("monthly");
    expect(edit.leaders.some((l) => l.selected)).toBe(false);
    expect(edit.deadline).toBe("2027-05-31");
    // Without the options (a leader's page) there is no edit form even with the action.
    expect(taskShowView(input({ actions: ["edit"] }), office).forms.edit).toBeUndefined();
  });

  it("reads reports, files, history and reminders as the page shows them", () => {
    const v = taskShowView(
      input({
        task: task({
          reports: [
            {
              createdAt: new Date("2026-11-24T02:05:00Z"),
              body: "已拨付资金。",
              completion: true,
              author: { name: "李四" },
              unit: { name: "区财政局" },
              attachments: [
                { id: 5, fileName: "凭证.pdf", size: 100 },
                { id: 6, fileName: "照片.jpg", size: 5 * 1024 * 1024 },
              ],
            },
          ],
          events: [
            {
              createdAt: new Date("2026-11-24T02:00:00Z"),
              action: "sign",
              note: null,
              actor: { name: "李四", unit: { name: "区财政局" } },
            },
            { createdAt: new Date("2026-11-25T00:30:00Z"), action: "mystery", note: "备注", actor: null },
          ],
        }),
        reminders: [
          {
            onDate: day("2026-11-25"),
            to: "区水务局",
            about: "即将到期",
            outbox: { status: "failed", sentAt: null, lastError: "邮箱不存在" },
          },
          {
            onDate: day("2026-11-26"),
            to: "督查室",
            about: "已逾期",
            outbox: { status: "superseded", sentAt: null, lastError: null },
          },
        ],
      }),
      unit,
    );
    expect(v.reports[0]).toMatchObject({
      when: "2026年11月24日 10:05",
      who: "区财政局 李四",
      completion: true,
    });
    expect(v.reports[0]!.files).toEqual([
      { href: "/files/5", name: "凭证.pdf", size: "1 KB" },
      { href: "/files/6", name: "照片.jpg", size: "5120 KB" },
    ]);
    expect(v.history).toEqual([
      { when: "2026年11月24日 10:00", who: "李四（区财政局）", action: "签收", note: null },
      { when: "2026年11月25日 08:30", who: "系统", action: "mystery", note: "备注" },
    ]);
    expect(v.reminders).toEqual([
      {
        date: "2026年11月25日",
        to: "区水务局",
        about: "即将到期",
        status: "发送失败",
        sentAt: null,
        error: "邮箱不存在",
      },
      {
        date: "2026年11月26日",
        to: "督查室",
        about: "已逾期",
        status: "已并入新提醒",
        sentAt: null,
        error: null,
      },
    ]);
  });

  it("gives the layout the task's title", () => {
    const page = taskShowPage(input(), unit);
    expect(page.title).toBe("北山水库除险加固");
    expect(page.view.heading).toBe("北山水库除险加固");
  });
});

describe("inboxView", () => {
  const row = (
    over: Partial<{
      id: number;
      state: string;
      deadline: Date | null;
      ongoing: boolean;
      leadUnit: { id: number; name: string };
    }> = {},
  ) => ({
    id: 1,
    title: "事项",
    state: "assigned",
    deadline: null,
    ongoing: false,
    leadUnit: { id: 7, name: "区水务局" },
    light: "green" as const,
    ...over,
  });
  const empty = {
    unitId: 7,
    toSign: [],
    awaitingLead: [],
    returned: [],
    overdue: [],
    inProgress: [],
    pendingReview: [],
    done: [],
    doneTotal: 0,
  };

  it("keeps the sections that have tasks, in order, headed by the state names", () => {
    const v = inboxView({
      inbox: {
        ...empty,
        toSign: [row({ deadline: day("2026-12-31") })],
        inProgress: [row({ state: "in_progress", ongoing: true }), row({ state: "in_progress" })],
      },
    });
    expect(v.sections.map((s) => [s.heading, s.rows.length])).toEqual([
      ["待签收", 1],
      ["办理中", 2],
    ]);
    expect(v.sections[0]).toMatchObject({ batchSign: true });
    expect(v.sections[1]).toMatchObject({ batchSign: false });
    expect(v.sections[0]!.rows[0]).toMatchObject({
      stateName: "待签收",
      deadlineWords: "完成时限 2026年12月31日",
      role: "本单位牵头",
    });
    expect(v.sections[1]!.rows.map((r) => r.deadlineWords)).toEqual(["长期坚持", "时限待定"]);
    expect(v.empty).toBe(false);
    expect(v.done).toBeNull();
  });

  it("tells a co-unit that a task waits for its lead unit's signature", () => {
    const v = inboxView({
      inbox: {
        ...empty,
        unitId: 9,
        awaitingLead: [row()],
        done: [row({ id: 2, state: "done" })],
        doneTotal: 8,
      },
    });
    expect(v.sections.map((s) => s.heading)).toEqual(["待牵头单位签收"]);
    expect(v.sections[0]!.rows[0]).toMatchObject({
      stateName: "牵头单位尚未签收",
      role: "本单位配合，牵头 区水务局",
    });
    expect(v.done).toMatchObject({ total: 8, more: "共 8 项，显示最近办结的 1 项" });
    expect(v.empty).toBe(false);
  });

  it("says when there is nothing to do", () => {
    expect(inboxView({ inbox: empty })).toMatchObject({ sections: [], empty: true });
  });
});

describe("ledgerView", () => {
  const row = {
    id: 3,
    state: "pending_review",
    origin: "leader",
    deadline: day("2026-12-31"),
    deadlineNeedsConfirmation: true,
    ongoing: false,
    leadUnit: null,
    coUnits: [{ unit: { name: "区财政局" } }, { unit: { name: "区教体局" } }],
    meeting: null,
  };

  it("words each row as the ledger shows it", () => {
    const [r] = ledgerView({ rows: [row], total: 1 }).rows;
    expect(r).toMatchObject({
      leadName: "待定",
      coNames: "区财政局、区教体局",
      deadlineDate: "2026年12月31日",
      deadlineWords: null,
      confirmDeadline: true,
      stateName: "待审核",
      source: "领导交办",
    });
  });

  it("says 长期坚持 or 待定 without a deadline, and names the meeting when there is one", () => {
    const rows = ledgerView({
      rows: [
        { ...row, deadline: null, ongoing: true, meeting: { title: "第52次常务会议" } },
        { ...row, deadline: null },
      ],
    }).rows;
    expect(rows.map((r) => [r.deadlineWords, r.confirmDeadline, r.source])).toEqual([
      ["长期坚持", false, "第52次常务会议"],
      ["待定", false, "领导交办"],
    ]);
  });
});
