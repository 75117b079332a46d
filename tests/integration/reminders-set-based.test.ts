// The daily run plans, groups and counts in SQL (src/reminders/job.ts). This holds it equal to the run as it was,
// in JS over the pure planner (tests/helpers/reminders-reference.ts): the same data and clock give the same
// summary, the same outbox rows byte for byte and the same reminder rows, over a varied district (units with and
// without mail, a unit mailed through its staff, a leader without an address, open and closed tasks, deadlines
// before, on and after the day, the National Day holiday with an office override, more than a digest lists),
// under the default settings and under working-day counting, over a catch-up window and an undelivered digest
// carried into the next. A retried run writes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/open-database.ts";
import { runReminders } from "../../src/reminders/job.ts";
import type { ReminderSettings } from "../../src/reminders/settings.ts";
import { createTestDatabase, truncateAll } from "../helpers/database.ts";
import { createTask } from "../helpers/factories.ts";
import { runRemindersReference } from "../helpers/reminders-reference.ts";

let database: Database;
const publicUrl = "https://duban.example.gov.cn";
const at = (day: string) => new Date(`${day}T08:31:00+08:00`);
const utc = (instant: string) => new Date(instant);

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

/** The same district every time (ids restart with the truncation). */
async function seed(settings: Partial<ReminderSettings>) {
  const db = database.prisma;
  await truncateAll(database);
  await db.setting.create({ data: { key: "reminders", value: settings } });
  // The office makes Friday 10-09 a day off and Sunday 11-22 a working day (an invented arrangement).
  await db.holidayOverride.create({ data: { date: new Date("2026-10-09T00:00:00Z"), workday: false } });
  await db.holidayOverride.create({ data: { date: new Date("2026-11-22T00:00:00Z"), workday: true } });
  const water = await db.unit.create({ data: { name: "区水务局", emails: ["shuiwu@x.example"] } });
  const money = await db.unit.create({
    data: { name: "区财政局", emails: ["caizheng@x.example", "cz2@x.example"] },
  });
  // No contact address, but two of its staff have one (one of them twice over, one inactive).
  const school = await db.unit.create({ data: { name: "区教体局" } });
  // No address at all: its reminders stay unsent, but its name still appears in the office's digest.
  const silent = await db.unit.create({ data: { name: "区无邮局" } });
  const busy = await db.unit.create({ data: { name: "区住建局", emails: ["zhujian@x.example"] } });
  const user = (username: string, data: Record<string, unknown>) =>
    db.user.create({ data: { username, name: username, passwordHash: "x", role: "unit", ...data } as never });
  await user("jiaoti1", { name: "教体一", unitId: school.id, email: "jt1@x.example" });
  await user("jiaoti2", { name: "教体二", unitId: school.id, email: "jt1@x.example" });
  await user("jiaoti3", { name: "教体三", unitId: school.id, email: "jt3@x.example", active: false });
  const leader = await user("lingdao", { name: "王副区长", role: "leader", email: "leader@x.example" });
  const quiet = await user("lingdao2", { name: "李副区长", role: "leader" });
  await user("ducha1", { name: "督查一", role: "office", email: "ducha@x.example" });
  await user("ducha2", { name: "督查二", role: "office", email: "ducha@x.example" });
  await user("ducha3", { name: "督查三", role: "office", email: "ducha3@x.example" });

  const deadlines = [
    "2026-09-01",
    "2026-09-20",
    "2026-09-28",
    "2026-09-30",
    "2026-10-06",
    "2026-10-08",
    "2026-10-09",
    "2026-10-10",
    "2026-10-12",
    "2026-10-13",
    "2026-10-15",
    "2026-10-16",
    "2026-10-19",
    "2026-10-30",
    "2026-11-02",
    "2026-11-10",
    "2026-11-16",
    "2026-11-17",
    "2026-11-20",
    "2026-11-21",
    "2026-11-23",
    "2026-11-24",
    "2026-11-25",
    "2026-11-27",
    "2026-11-30",
    "2026-12-01",
    "2026-12-03",
    "2026-12-24",
  ];
  const units = [water, money, school, silent];
  const states = ["in_progress", "assigned", "pending_review", "in_progress", "done", "assigned"] as const;
  let i = 0;
  for (const deadline of deadlines) {
    for (const unit of units) {
      const state = states[i % states.length]!;
      await createTask(db, {
        title: `事项${i}`,
        state,
        leadUnitId: unit.id,
        ...(i % 3 === 0 ? { leaderId: leader.id } : i % 3 === 1 ? { leaderId: quiet.id } : {}),
        deadline: i % 11 === 5 ? null : deadline,
        // 交办 at various hours, some the evening before in UTC (the next day in Shanghai).
        assignedAt: utc(
          `2026-${i % 2 ? "09" : "10"}-${String(1 + (i % 28)).padStart(2, "0")}T${i % 4 ? "02" : "17"}:00:00Z`,
        ),
        ...(i % 4 === 1 ? { reportCycle: "weekly" as const, nextReportDue: deadline } : {}),
      });
      i++;
    }
  }
  // No lead unit: never reminded.
  await createTask(db, { title: "无牵头", state: "in_progress", deadline: "2026-10-12" });
  await createTask(db, { title: "无牵头2", state: "assigned", assignedAt: utc("2026-10-01T02:00:00Z") });
  // More overdue tasks than a digest lists for one kind (30).
  for (let k = 0; k < 34; k++) {
    await createTask(db, {
      title: `积压${k}`,
      state: "in_progress",
      leadUnitId: busy.id,
      leaderId: leader.id,
      deadline: k % 2 ? "2026-10-12" : "2026-10-09",
    });
  }
}

/** Everything a run leaves behind, without ids that differ by construction. */
async function snapshot() {
  const db = database.prisma;
  const outbox = await db.outboxEmail.findMany({ orderBy: { id: "asc" } });
  const keyOf = new Map(outbox.map((o) => [o.id, o.dedupeKey]));
  const reminders = await db.reminder.findMany({ orderBy: { id: "asc" } });
  return {
    outbox: outbox.map((o) => ({
      id: o.id,
      dedupeKey: o.dedupeKey,
      kind: o.kind,
      to: o.toAddresses,
      cc: o.ccAddresses,
      subject: o.subject,
      text: o.textBody,
      html: o.htmlBody,
      status: o.status,
      nextAttemptAt: o.nextAttemptAt.toISOString(),
      supersededBy: o.supersededById === null ? null : keyOf.get(o.supersededById),
    })),
    reminders: reminders.map(
      (r) =>
        `${r.taskId}|${r.kind}|${r.onDate.toISOString().slice(0, 10)}|${r.recipient}|${keyOf.get(r.outboxId)}`,
    ),
  };
}

type Step = { day: string; since?: string };
type Run = typeof runReminders;

async function play(run: Run, settings: Partial<ReminderSettings>, steps: Step[]) {
  await seed(settings);
  const runs = [];
  for (const step of steps)
    runs.push(await run(database.prisma, { now: at(step.day), publicUrl, since: step.since }));
  return { runs, ...(await snapshot()) };
}

const scenarios: { name: string; settings: Partial<ReminderSettings>; steps: Step[] }[] = [
  { name: "an ordinary Tuesday", settings: {}, steps: [{ day: "2026-11-24" }] },
  {
    name: "the first day after National Day and the office's day off",
    settings: {},
    steps: [{ day: "2026-10-10", since: "2026-09-30" }],
  },
  {
    name: "working-day counting, a shorter cadence and an earlier escalation",
    settings: {
      countWorkdays: true,
      dueSoonDays: [5, 2, 1],
      overdueEveryDays: 2,
      escalateAfterDays: 3,
      signWithinWorkdays: 3,
    },
    steps: [{ day: "2026-10-12", since: "2026-09-27" }],
  },
  {
    name: "undelivered digests carried into the next runs (counting working days)",
    settings: { countWorkdays: true, overdueEveryDays: 1 },
    steps: [
      { day: "2026-11-20" },
      { day: "2026-11-23", since: "2026-11-20" },
      { day: "2026-11-24", since: "2026-11-23" },
    ],
  },
  {
    name: "undelivered digests carried, calendar days, a run repeated",
    settings: {},
    steps: [
      { day: "2026-10-13" },
      { day: "2026-10-16", since: "2026-10-13" },
      { day: "2026-10-16", since: "2026-10-13" },
    ],
  },
];

describe("the set-based reminder run", () => {
  for (const scenario of scenarios) {
    it(`equals the planner's run: ${scenario.name}`, async () => {
      const expected = await play(runRemindersReference, scenario.settings, scenario.steps);
      const actual = await play(runReminders, scenario.settings, scenario.steps);
      // Not a comparison of two empty runs.
      expect(expected.runs.reduce((n, r) => n + r.digests, 0)).toBeGreaterThan(2);
      expect(expected.reminders.length).toBeGreaterThan(20);
      expect(actual.runs).toEqual(expected.runs);
      expect(actual.outbox).toEqual(expected.outbox);
      expect(actual.reminders).toEqual(expected.reminders);
    }, 60_000);
  }

  it("names the lead unit on the office's line even when that unit gets no mail, and counts past the list", async () => {
    await seed({});
    const run = await runReminders(database.prisma, { now: at("2026-10-13"), publicUrl });
    expect(run.noAddress).toContain("区无邮局");
    const office = run.messages.find((m) => m.to.includes("ducha@x.example"))!;
    expect(office.to).toEqual(["ducha@x.example", "ducha3@x.example"]);
    expect(office.text).toMatch(/- 事项\d+（牵头：区无邮局），完成时限：/);
    const busy = run.messages.find((m) => m.to.includes("zhujian@x.example"))!;
    expect(busy.text).toContain("【已逾期】34 项");
    expect(busy.text).toContain("……另有 4 项，请登录督办系统查看");
    const school = run.messages.find((m) => m.to.includes("jt1@x.example"))!;
    expect(school.to).toEqual(["jt1@x.example"]);
  });

  it("enqueues nothing new when the same run is retried", async () => {
    await seed({});
    const db = database.prisma;
    const first = await runReminders(db, { now: at("2026-10-13"), publicUrl });
    expect(first.digests).toBeGreaterThan(3);
    // The rerun holds the undelivered digests back from the sender for a while, as every run does; that apart,
    // nothing changes.
    const unheld = async () => {
      const { outbox, reminders } = await snapshot();
      return { outbox: outbox.map(({ nextAttemptAt: _, ...row }) => row), reminders };
    };
    const before = await unheld();
    const again = await runReminders(db, { now: at("2026-10-13"), publicUrl });
    expect(again).toMatchObject({ reminders: 0, digests: 0, messages: [] });
    expect(await unheld()).toEqual(before);
  });

  it("writes nothing when the run fails halfway", async () => {
    await seed({});
    const db = database.prisma;
    // The reminder rows' insert fails (a task the plan names is gone by then): the digests before it are undone.
    await db.$executeRawUnsafe(`
      CREATE FUNCTION fail_reminders() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'reminders refused'; END $$`);
    await db.$executeRawUnsafe(
      "CREATE TRIGGER fail_reminders BEFORE INSERT ON reminders FOR EACH STATEMENT EXECUTE FUNCTION fail_reminders()",
    );
    try {
      await expect(runReminders(db, { now: at("2026-10-13"), publicUrl })).rejects.toThrow(
        /reminders refused/,
      );
      expect(await db.outboxEmail.count()).toBe(0);
      expect(await db.reminder.count()).toBe(0);
    } finally {
      await db.$executeRawUnsafe("DROP TRIGGER fail_reminders ON reminders");
      await db.$executeRawUnsafe("DROP FUNCTION fail_reminders()");
    }
    expect((await runReminders(db, { now: at("2026-10-13"), publicUrl })).digests).toBeGreaterThan(3);
  });
});
