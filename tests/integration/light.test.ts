// The light of a task is computed two ways (lightOf for a page, lightWhere for lists and counts); over every
// combination that matters they must agree exactly, or a leader's count would not match the list behind it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/open-database.ts";
import { createWorkCalendar } from "../../src/extract/calendar.ts";
import { type Light, lightClock, lightOf, lights } from "../../src/features/tasks/light.ts";
import { lightWhere } from "../../src/features/tasks/repository.ts";
import { taskStates } from "../../src/features/tasks/states.ts";
import { createTestDatabase } from "../helpers/database.ts";

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe("lights", () => {
  it("agree between the page rule and the query rule", async () => {
    // Monday 2026-10-12; 2026-10-10 (Saturday) was a 调休 working day after the National Day holiday.
    const now = new Date("2026-10-12T03:00:00Z");
    const clock = lightClock(now, createWorkCalendar([]));
    const deadlines = [null, "2026-10-11", "2026-10-12", "2026-10-19", "2026-10-20", "2027-01-01"];
    const reports = [null, "2026-10-11", "2026-10-12"];
    const assigned = [null, "2026-10-08T01:00:00Z", "2026-10-09T01:00:00Z", "2026-10-11T01:00:00Z"];
    const rows = [];
    for (const state of taskStates)
      for (const deadline of deadlines)
        for (const report of reports)
          for (const at of assigned)
            for (const repeatCount of [1, 2])
              rows.push({
                title: "灯",
                state,
                deadline: deadline ? day(deadline) : null,
                nextReportDue: report ? day(report) : null,
                assignedAt: at ? new Date(at) : null,
                repeatCount,
              });
    await database.prisma.task.createMany({ data: rows });
    const all = await database.prisma.task.findMany();
    for (const light of lights) {
      const fromQuery = await database.prisma.task.findMany({
        where: lightWhere(light, clock),
        select: { id: true },
      });
      const fromRule = all.filter((t) => lightOf(t, clock) === light).map((t) => t.id);
      expect(
        fromQuery.map((t) => t.id).sort((a, b) => a - b),
        light,
      ).toEqual(fromRule.sort((a, b) => a - b));
    }
    const counts = Object.fromEntries(
      lights.map((l) => [l, all.filter((t) => lightOf(t, clock) === l).length]),
    );
    expect(counts.red).toBeGreaterThan(0);
    expect(counts.yellow).toBeGreaterThan(0);
    expect(counts.green).toBeGreaterThan(0);
  });

  it("counts 2 working days for signing, across a weekend and 调休", () => {
    const calendar = createWorkCalendar([]);
    const sign = (assignedAt: string, now: string): Light | null =>
      lightOf(
        {
          state: "assigned",
          deadline: day("2027-06-30"),
          nextReportDue: null,
          assignedAt: new Date(assignedAt),
          repeatCount: 1,
        },
        lightClock(new Date(now), calendar),
      );
    // Handed out Thursday 2026-10-08 (first working day after the holiday); Friday 10-09 and Saturday 10-10
    // (调休, a working day) are its two working days, so it is late from Sunday on.
    expect(sign("2026-10-08T02:00:00Z", "2026-10-10T09:00:00Z")).toBe("green");
    expect(sign("2026-10-08T02:00:00Z", "2026-10-11T02:00:00Z")).toBe("yellow");
    // Handed out on a Friday: Monday and Tuesday count, so Wednesday is late and Tuesday is not.
    expect(sign("2026-11-20T02:00:00Z", "2026-11-24T09:00:00Z")).toBe("green");
    expect(sign("2026-11-20T02:00:00Z", "2026-11-25T02:00:00Z")).toBe("yellow");
  });
});
