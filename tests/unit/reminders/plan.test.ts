import { describe, expect, it } from "vitest";
import { createWorkCalendar } from "../../../src/extract/calendar.ts";
import { groupByRecipient, type PlanTask, planReminders } from "../../../src/reminders/plan.ts";
import { defaultReminderSettings, readReminderSettings } from "../../../src/reminders/settings.ts";

const calendar = createWorkCalendar([]);
const task = (over: Partial<PlanTask>): PlanTask => ({
  id: 1,
  state: "in_progress",
  deadline: null,
  assignedOn: null,
  nextReportDue: null,
  leadUnitId: 10,
  leaderId: null,
  ...over,
});
const plan = (today: string, tasks: PlanTask[], settings = defaultReminderSettings, since?: string) =>
  planReminders({
    today,
    since: since ?? new Date(Date.parse(today) - 86_400_000).toISOString().slice(0, 10),
    calendar,
    settings,
    tasks,
  }).map((p) => `${p.kind}@${p.onDate}→${p.recipients.map((r) => r.kind).join("+")}`);

describe("planReminders", () => {
  it("reminds 7, 3 and 1 days before, on the day, and the day after", () => {
    const t = task({ deadline: "2026-11-20" });
    expect(plan("2026-11-13", [t])).toEqual(["due_soon@2026-11-13→unit"]);
    expect(plan("2026-11-17", [t])).toEqual(["due_soon@2026-11-17→unit"]);
    expect(plan("2026-11-19", [t])).toEqual(["due_soon@2026-11-19→unit"]);
    expect(plan("2026-11-20", [t])).toEqual(["due_today@2026-11-20→unit"]);
    expect(plan("2026-11-21", [t])).toEqual(["overdue@2026-11-21→unit"]);
    expect(plan("2026-11-22", [t])).toEqual([]);
    expect(plan("2026-11-24", [t])).toEqual(["overdue@2026-11-24→unit"]);
  });

  it("escalates to the leader and the office after E days, on the overdue cadence", () => {
    const t = task({ deadline: "2026-11-01", leaderId: 5 });
    // 10 days late on 11-11: past E = 7, and 10 is on the every-3-days cadence (1, 4, 7, 10).
    expect(plan("2026-11-11", [t])).toEqual([
      "overdue@2026-11-11→unit",
      "escalation@2026-11-11→leader+office",
    ]);
    // 7 days late is on the cadence but not past E.
    expect(plan("2026-11-08", [t])).toEqual(["overdue@2026-11-08→unit"]);
  });

  it("covers every day since the last run, so nothing falls through a weekend or downtime", () => {
    const t = task({ deadline: "2026-11-23" }); // Monday; 3 days before is Friday, 1 day before Sunday
    expect(plan("2026-11-20", [t])).toEqual(["due_soon@2026-11-20→unit"]);
    // The Monday run after a Friday run: Sunday's "1 day left" gives way to "due today".
    expect(plan("2026-11-23", [t], defaultReminderSettings, "2026-11-20")).toEqual([
      "due_today@2026-11-23→unit",
    ]);
    // A run that last happened a week ago catches up the 7-days-before and 3-days-before reminders.
    expect(plan("2026-11-21", [t], defaultReminderSettings, "2026-11-14")).toEqual([
      "due_soon@2026-11-16→unit",
      "due_soon@2026-11-20→unit",
    ]);
  });

  it("counts in working days when set to, across the National Day holiday", () => {
    const settings = { ...defaultReminderSettings, countWorkdays: true };
    // Deadline Tue 2026-10-13. Working days before it: 10-12 (Mon), 10-10 (调休 Sat), 10-09, 10-08, 09-30 …
    const t = task({ deadline: "2026-10-13" });
    expect(plan("2026-10-12", [t], settings)).toEqual(["due_soon@2026-10-12→unit"]); // 1 working day left
    expect(plan("2026-10-09", [t], settings)).toEqual(["due_soon@2026-10-09→unit"]); // 10-10, 10-12, 10-13: 3
    // From Mon 09-28: 09-29, 09-30, then the holiday, then 10-08, 10-09, 10-10, 10-12, 10-13 = 7 working days.
    expect(plan("2026-09-28", [t], settings)).toEqual(["due_soon@2026-09-28→unit"]);
    expect(plan("2026-09-29", [t], settings)).toEqual([]);
  });

  it("asks for signing after 2 working days and for reports when due, but leaves a task under review alone", () => {
    const unsigned = task({ id: 2, state: "assigned", assignedOn: "2026-11-20" }); // Fri → Mon, Tue → late Wed
    expect(plan("2026-11-24", [unsigned])).toEqual([]);
    expect(plan("2026-11-25", [unsigned])).toEqual(["not_signed@2026-11-25→unit"]);
    const reporting = task({ id: 3, nextReportDue: "2026-11-24" });
    expect(plan("2026-11-24", [reporting])).toEqual(["report_due@2026-11-24→unit"]);
    const review = task({ id: 4, state: "pending_review", deadline: "2026-11-01" });
    expect(plan("2026-11-11", [review])).toEqual([]);
    expect(plan("2026-11-11", [task({ state: "done", deadline: "2026-11-10" })])).toEqual([]);
    expect(plan("2026-11-11", [task({ leadUnitId: null, deadline: "2026-11-10" })])).toEqual([]);
  });

  it("groups everything for one recipient into one digest", () => {
    const plans = planReminders({
      today: "2026-11-21",
      since: "2026-11-20",
      calendar,
      settings: defaultReminderSettings,
      tasks: [
        task({ id: 1, deadline: "2026-11-20" }),
        task({ id: 2, deadline: "2026-11-22" }),
        task({ id: 3, leadUnitId: 11, deadline: "2026-11-20" }),
      ],
    });
    const digests = groupByRecipient(plans);
    expect([...digests.keys()].sort()).toEqual(["unit:10", "unit:11"]);
    expect(digests.get("unit:10")!.items.map((i) => i.taskId)).toEqual([1, 2]);
  });

  it("falls back to the defaults for a stored setting that no longer validates", () => {
    expect(readReminderSettings({ overdueEveryDays: 0 })).toEqual(defaultReminderSettings);
    expect(readReminderSettings({ overdueEveryDays: 5 }).overdueEveryDays).toBe(5);
    expect(readReminderSettings(null)).toEqual(defaultReminderSettings);
  });
});
