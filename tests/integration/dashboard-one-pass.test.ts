// The unfiltered dashboard counts in one SQL pass (dashboard/repository.ts tallyTracked); filtered ones go through
// the ledger's filters. Over a grid of tasks that sit on every edge of the light rules (a deadline yesterday,
// today, at the end of the warning window, just after it; a report due yesterday or today; signing late or not),
// on several days, the two must agree on every count.
import { beforeAll, describe, expect, it } from "vitest";
import { loadActor } from "../../src/features/auth/service.ts";
import { countInOnePass, countThroughLedger } from "../../src/features/dashboard/service.ts";
import { lightClock } from "../../src/features/tasks/light.ts";
import type { Actor } from "../../src/shared/actor.ts";
import { loadWorkCalendar } from "../../src/work-calendar/service.ts";
import { useTestApp } from "../helpers/app.ts";
import { createUnit, createUser } from "../helpers/factories.ts";

const ctx = useTestApp();
let office: Actor;

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const plus = (iso: string, days: number) =>
  new Date(day(iso).getTime() + days * 86_400_000).toISOString().slice(0, 10);

// The grid is laid out around this day; the checks run on it and on days before and after.
const centre = "2026-11-24";
const states = ["draft", "assigned", "in_progress", "pending_review", "done", "cancelled"] as const;
const deadlineOffsets = [null, -8, -1, 0, 1, 7, 8, 30];
const reportOffsets = [null, -1, 0];
// Instants on both sides of a Shanghai midnight (16:00Z), one of them the start of the centre's week (Monday).
const handedOut = [
  "2026-11-14T16:00:00Z",
  "2026-11-22T15:59:59Z",
  "2026-11-22T16:00:00Z",
  "2026-11-23T02:00:00Z",
];

beforeAll(async () => {
  const db = ctx.db;
  const units = [await createUnit(db), await createUnit(db), await createUnit(db)];
  const meeting = await db.meeting.create({
    data: {
      title: "第1次常务会议",
      kind: "常务会议",
      heldOn: day("2026-10-01"),
      sourceText: "纪要",
      contentHash: "m1",
    },
  });
  office = (await loadActor(db, (await createUser(db, { role: "office" })).id))!;
  let n = 0;
  for (const state of states)
    for (const deadline of deadlineOffsets)
      for (const report of reportOffsets)
        for (const [i, assigned] of handedOut.entries()) {
          n++;
          await db.task.create({
            data: {
              title: `网格事项${n}`,
              state,
              origin: n % 4 === 0 ? "leader" : "meeting",
              meetingId: n % 4 === 0 ? null : meeting.id,
              leadUnitId: n % 7 === 0 ? null : units[n % 3]!.id,
              deadline: deadline === null ? null : day(plus(centre, deadline)),
              nextReportDue: report === null ? null : day(plus(centre, report)),
              repeatCount: n % 11 === 0 ? 2 : 1,
              assignedAt: state === "draft" ? null : new Date(assigned),
              doneAt: state === "done" ? new Date(handedOut[(i + 1) % handedOut.length]!) : null,
              doneOnTime: state === "done" && n % 5 !== 0 ? n % 2 === 0 : null,
              coUnits: n % 3 === 0 ? { create: [{ unitId: units[(n + 1) % 3]!.id }] } : undefined,
            },
          });
        }
});

const sorted = (counts: Awaited<ReturnType<typeof countInOnePass>>) => ({
  ...counts,
  units: [...counts.units].sort(([a], [b]) => a - b),
  meetings: [...counts.meetings].sort(([a], [b]) => (a ?? 0) - (b ?? 0)),
});

describe("the unfiltered dashboard's one pass", () => {
  it.each([-9, -1, 0, 1, 2, 8, 31])(
    "counts as the ledger's filters do %i days from the grid's centre",
    async (offset) => {
      const clock = lightClock(new Date(`${plus(centre, offset)}T02:00:00Z`), await loadWorkCalendar(ctx.db));
      const onePass = await countInOnePass(ctx.db, clock);
      // Each light has tasks on the centre day, so the comparison is not between empty counts.
      if (offset === 0) {
        for (const n of Object.values(onePass.lights)) expect(n).toBeGreaterThan(0);
        expect(onePass.opened.filter((n) => n > 0).length).toBeGreaterThan(1);
        expect(onePass.closed.filter((n) => n > 0).length).toBeGreaterThan(1);
      }
      expect(onePass.totals.total).toBe(4 * deadlineOffsets.length * reportOffsets.length * handedOut.length);
      expect(sorted(onePass)).toEqual(
        sorted(await countThroughLedger(ctx.db, office, { stage: "tracked" }, clock)),
      );
    },
  );
});
