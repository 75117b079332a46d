// A month of daily reminder runs from two app instances on one database, through an SMTP server that is down
// for five days, answers 4xx for two, and is slow for two: does every reminder arrive, once, in a non-empty
// digest? Runs on PGlite (two instances sharing the one client PGlite allows) and, when TEST_DATABASE_URL is set,
// on a throw-away PostgreSQL database with two separate clients. The app's clock runs 600 times faster than real
// time while mail is being sent, so a slow answer also takes simulated minutes, as it would in a real day.
// Prints a table, then one JSON line; exits 1 when anything was lost, duplicated or empty.
// Sizes: SOAK_UNITS (30), SOAK_TASKS (180), SOAK_DAYS (30).
import "../src/shared/locale.ts";
import { performance } from "node:perf_hooks";
import { type Database, type Db, openDatabase } from "../src/db/open-database.ts";
import { drainOutbox } from "../src/email/outbox.ts";
import { createMailer, type Mailer } from "../src/email/transport.ts";
import { runScheduledReminders } from "../src/jobs/reminder-schedule.ts";
import { type ReminderKind, reminderKindNames } from "../src/reminders/plan.ts";
import { addDays } from "../src/shared/calendar-date.ts";
import { type Received, SmtpSink } from "../tests/helpers/smtp.ts";
import { insertOpenTasks } from "./district.ts";
import { throwAwayDatabase } from "./fresh-postgres.ts";

const UNITS = Number(process.env.SOAK_UNITS ?? 30);
const TASKS = Number(process.env.SOAK_TASKS ?? 180);
const DAYS = Number(process.env.SOAK_DAYS ?? 30);
const firstDay = "2026-11-02";
const publicUrl = "https://duban.soak.example";
const from = "督办系统 <duban@soak.example>";
const messageIdHost = "duban.soak.example";
/** Simulated milliseconds per real millisecond while a tick's work runs. */
const speed = 600;
/** The jobs' ticks: hourly at half past, the backoff's cap (the reminder run is due from 08:30). */
const tickMinutes = 60;
const firstTick = 30;
const slowAnswerMs = 700;

type Weather = "up" | "down" | "greylist" | "deferred" | "slow";

/** What the mail server does on day i of the month (0 = the first day). */
function weather(dayIndex: number): Weather {
  if (dayIndex >= 4 && dayIndex < 9) return "down";
  if (dayIndex === 13) return "greylist";
  if (dayIndex === 14) return "deferred";
  if (dayIndex >= 19 && dayIndex < 21) return "slow";
  return "up";
}

/** The test suite's SMTP server (tests/helpers/smtp.ts), its behaviour set from the day's weather. */
class WeatherSmtp extends SmtpSink {
  async apply(weather: Weather): Promise<void> {
    this.greylistAll = weather === "greylist";
    this.deferData = weather === "deferred";
    this.dataDelayMs = weather === "slow" ? slowAnswerMs : 0;
    if (weather === "down" && this.running) await this.stop();
    if (weather !== "down" && !this.running) await this.start();
  }
}

/** A small district: units with a contact address, leaders, two office staff, tasks due around the month. */
async function seed(db: Db) {
  await db.$executeRawUnsafe(`
    INSERT INTO units (name, kind, contact_emails, updated_at)
    SELECT '区直单位' || g, 'bureau', ARRAY['unit' || g || '@soak.example'], now() FROM generate_series(1, ${UNITS}) g`);
  await db.$executeRawUnsafe(`
    INSERT INTO users (username, name, email, role, password_hash, updated_at)
    SELECT 'leader' || g, '领导' || g, 'leader' || g || '@soak.example', 'leader'::"Role", 'x', now() FROM generate_series(1, 6) g
    UNION ALL
    SELECT 'office' || g, '督查室' || g, 'office' || g || '@soak.example', 'office'::"Role", 'x', now() FROM generate_series(1, 2) g`);
  // Deadlines from 20 days before the month to 40 days into it; a ninth not signed for, a quarter with weekly
  // reports, a thirteenth waiting for the office's review.
  await insertOpenTasks(db, {
    count: TASKS,
    title: "督办事项",
    pendingEvery: 13,
    assignedEvery: 9,
    units: UNITS,
    leaders: 6,
    deadline: `DATE '${firstDay}' + ((g * 7) % 61 - 20)`,
    assignedAt: `TIMESTAMPTZ '${firstDay} 09:00+08' - ((g % 5) || ' days')::interval`,
    reportDue: `DATE '${firstDay}' + (g % 7)`,
  });
}

type Instance = { db: Db; mailer: Mailer };

/** One instance's share of a tick: the every-minute reminder check, then the outbox until nothing is due. */
async function tick(instance: Instance, clock: () => Date) {
  const outcome = await runScheduledReminders(instance.db, { now: clock(), publicUrl });
  let sent = 0;
  let lostClaims = 0;
  for (;;) {
    const drained = await drainOutbox(instance.db, instance.mailer, { from, now: clock, messageIdHost });
    sent += drained.sent;
    lostClaims += drained.lostClaims;
    const open = await instance.db.outboxEmail.count({
      where: { OR: [{ status: "sending" }, { status: "pending", nextAttemptAt: { lte: clock() } }] },
    });
    if (open === 0) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  return { ran: outcome.ran, reminders: outcome.ran ? outcome.run.reminders : 0, sent, lostClaims };
}

async function soak(databases: [Database, Database], label: string) {
  const started = performance.now();
  const smtp = new WeatherSmtp();
  await smtp.apply("up");
  const instances: Instance[] = databases.map((d) => ({ db: d.prisma, mailer: createMailer(smtp.url) }));
  const db = databases[0].prisma;
  await seed(db);
  let planned = 0;
  let runs = 0;
  const sentBy = [0, 0];
  let lostClaims = 0;
  let simulated = new Date(`${firstDay}T00:00:00+08:00`).getTime();
  try {
    for (let i = 0; i < DAYS + 1; i++) {
      const day = addDays(firstDay, i);
      // The day after the month only finishes what is still queued.
      const last = i === DAYS;
      for (let minute = firstTick; minute < 24 * 60; minute += tickMinutes) {
        const at = new Date(`${day}T00:00:00+08:00`).getTime() + minute * 60_000;
        simulated = Math.max(simulated, at);
        const base = simulated;
        const t0 = performance.now();
        const clock = () => new Date(base + (performance.now() - t0) * speed);
        smtp.clock = clock;
        smtp.tick = String(Number(smtp.tick) + 1);
        await smtp.apply(last ? "up" : weather(i));
        if (last && (await db.outboxEmail.count({ where: { status: { in: ["pending", "sending"] } } })) === 0)
          break;
        const outcomes = await Promise.all(instances.map((instance) => tick(instance, clock)));
        for (const [n, o] of outcomes.entries()) {
          planned += o.reminders;
          if (o.ran) runs++;
          sentBy[n]! += o.sent;
          lostClaims += o.lostClaims;
        }
        simulated = clock().getTime();
        // Some work gets done: two tasks closed each afternoon, with their reminders perhaps still queued.
        if (minute === 17 * 60 + firstTick && !last) {
          await db.$executeRawUnsafe(`
            UPDATE tasks SET state = 'done', done_at = now()
            WHERE id IN (SELECT id FROM tasks WHERE state = 'in_progress' ORDER BY (id * 37) % 101 LIMIT 2)`);
        }
      }
    }
  } finally {
    for (const instance of instances) instance.mailer.close();
    await smtp.stop();
  }
  return {
    label,
    ...(await account(db, smtp.messages, planned, runs)),
    sentBy,
    lostClaims,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Checks what arrived against what the runs decided: by Message-ID, then by the task links in the text. */
async function account(db: Db, received: Received[], planned: number, runs: number) {
  const rows = await db.outboxEmail.findMany({
    select: {
      id: true,
      kind: true,
      status: true,
      messageId: true,
      reminders: { select: { taskId: true, kind: true, onDate: true } },
    },
  });
  const byMessageId = new Map<string, Received[]>();
  for (const m of received) byMessageId.set(m.messageId, [...(byMessageId.get(m.messageId) ?? []), m]);
  const rowByMessageId = new Map(rows.flatMap((r) => (r.messageId ? [[r.messageId, r] as const] : [])));

  // Extra copies of one message, and any message of a superseded digest (its reminders went out again merged).
  let duplicates = received.length - byMessageId.size;
  let unexpected = 0;
  for (const id of byMessageId.keys()) {
    const row = rowByMessageId.get(id);
    if (!row) unexpected++;
    else if (row.status === "superseded") duplicates++;
  }

  let delivered = 0;
  let lost = 0;
  let summarised = 0;
  let maxDelayHours = 0;
  const reminderRows = rows.flatMap((r) => r.reminders.map((m) => ({ ...m, row: r })));
  for (const r of reminderRows) {
    const arrival = r.row.messageId ? byMessageId.get(r.row.messageId)?.[0] : undefined;
    if (!arrival) {
      lost++;
      continue;
    }
    const section = kindSection(arrival.text, r.kind as ReminderKind);
    if (section.includes(`${publicUrl}/tasks/${r.taskId}\n`)) {
      delivered++;
    } else if (section.includes("……另有")) {
      // A long list is cut at 30 a kind by design; the email says how many more and links to the app.
      delivered++;
      summarised++;
    } else {
      lost++;
    }
    const due = new Date(`${r.onDate.toISOString().slice(0, 10)}T08:30:00+08:00`).getTime();
    maxDelayHours = Math.max(maxDelayHours, (arrival.at - due) / 3_600_000);
  }
  const emptyDigests =
    received.filter((m) => !m.text.includes(`${publicUrl}/tasks/`)).length +
    rows.filter((r) => r.kind === "digest" && r.status === "sent" && r.reminders.length === 0).length;
  const count = (status: string) => rows.filter((r) => r.status === status).length;
  return {
    runs,
    planned,
    recorded: reminderRows.length,
    delivered,
    duplicates,
    lost,
    emptyDigests,
    unexpected,
    summarised,
    digests: rows.filter((r) => r.kind === "digest").length,
    merged: count("superseded"),
    messages: received.length,
    failed: count("failed"),
    stillQueued: count("pending") + count("sending"),
    maxDelayHours: Math.round(maxDelayHours),
    stacked: stackedDigests(received),
  };
}

/**
 * Digests beyond the first that reached one address in the same tick: what merging should prevent after an
 * outage (a digest a sender had already claimed when the next run came is the one legitimate case).
 */
function stackedDigests(received: Received[]): number {
  const seen = new Map<string, number>();
  for (const m of received)
    for (const to of m.to) seen.set(`${to}|${m.tick}`, (seen.get(`${to}|${m.tick}`) ?? 0) + 1);
  return [...seen.values()].reduce((n, c) => n + c - 1, 0);
}

/** The lines of a digest under one kind's heading (【已逾期】…), up to the next heading. */
function kindSection(text: string, kind: ReminderKind): string {
  const start = text.indexOf(`【${reminderKindNames[kind]}】`);
  if (start < 0) return "";
  const next = text.indexOf("\n【", start + 1);
  return `${text.slice(start, next < 0 ? undefined : next)}\n`;
}

const results: Awaited<ReturnType<typeof soak>>[] = [];
const lite = await openDatabase("memory://");
try {
  results.push(await soak([lite, lite], "PGlite"));
} finally {
  await lite.close();
}
if (process.env.TEST_DATABASE_URL) {
  const created = await throwAwayDatabase(process.env.TEST_DATABASE_URL, `duban_soak_${process.pid}`);
  const first = await openDatabase(created.url);
  const other = await openDatabase(created.url);
  try {
    results.push(await soak([first, other], "PostgreSQL"));
  } finally {
    await first.close();
    await other.close();
    await new Promise((r) => setTimeout(r, 200));
    await created.drop();
  }
}

const rowsOut: [string, (r: (typeof results)[number]) => string][] = [
  ["提醒运行次数", (r) => String(r.runs)],
  ["计划提醒（条）", (r) => String(r.planned)],
  ["送达提醒（条）", (r) => String(r.delivered)],
  ["其中超长折叠", (r) => String(r.summarised)],
  ["重复送达", (r) => String(r.duplicates)],
  ["丢失", (r) => String(r.lost)],
  ["空提醒邮件", (r) => String(r.emptyDigests)],
  ["提醒邮件（封）", (r) => String(r.digests)],
  ["其中合并作废", (r) => String(r.merged)],
  ["收到邮件（封）", (r) => String(r.messages)],
  ["实例一／二发出", (r) => r.sentBy.join("／")],
  ["认领被接管", (r) => String(r.lostClaims)],
  ["发送失败", (r) => String(r.failed)],
  ["仍在队列", (r) => String(r.stillQueued)],
  ["最长延迟（小时）", (r) => String(r.maxDelayHours)],
  ["同一人同时多封", (r) => String(r.stacked)],
  ["用时（秒）", (r) => r.seconds.toFixed(1)],
];
console.log(
  `提醒浸泡测试：${UNITS} 个单位，${TASKS} 项事项，${DAYS} 天，两个实例；邮件服务器停机 5 天、4xx 两天、慢速两天`,
);
console.log(["".padEnd(10, "　"), ...results.map((r) => r.label.padStart(12))].join(""));
for (const [name, value] of rowsOut) {
  console.log([name.padEnd(10, "　"), ...results.map((r) => value(r).padStart(12))].join(""));
}
console.log(
  JSON.stringify(
    Object.fromEntries(
      results.map(({ label, seconds, ...r }) => [
        label.toLowerCase(),
        { ...r, seconds: Number(seconds.toFixed(1)) },
      ]),
    ),
  ),
);
const bad = results.some(
  (r) => r.lost || r.duplicates || r.emptyDigests || r.unexpected || r.failed || r.planned !== r.recorded,
);
process.exitCode = bad ? 1 : 0;
