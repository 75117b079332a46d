// How long a day's reminder run takes on 100,000 tasks (BENCH_TASKS) over 200 units (about a third overdue), on
// PGlite and on PostgreSQL (TEST_DATABASE_URL, when set), and how many messages a second the sender pushes
// through a local SMTP sink. BENCH_ENGINES=pg runs PostgreSQL alone (a million tasks is no size for PGlite);
// the sender is then measured there. Prints a table, then one JSON line.
import "../src/shared/locale.ts";
import { performance } from "node:perf_hooks";
import { SMTPServer } from "smtp-server";
import { type Database, openDatabase } from "../src/db/open-database.ts";
import { drainOutbox } from "../src/email/outbox.ts";
import { createMailer } from "../src/email/transport.ts";
import { runReminders } from "../src/reminders/job.ts";
import { benchUnits, insertOpenTasks, seedDistrict } from "./district.ts";
import { freshPostgres } from "./fresh-postgres.ts";

const TASKS = Number(process.env.BENCH_TASKS ?? 100_000);
const engines = (process.env.BENCH_ENGINES ?? "pglite,pg").split(",").map((e) => e.trim());
if (!engines.includes("pg") && !engines.includes("pglite"))
  throw new Error("BENCH_ENGINES: pglite, pg or both");
const now = new Date("2026-11-24T08:31:00+08:00");
const publicUrl = "http://127.0.0.1:3000";

/** Seeds units, leaders and tasks with set-based SQL (generate_series), so seeding is not what we measure. */
async function seed(database: Database) {
  const db = database.prisma;
  await seedDistrict(db);
  await db.$executeRawUnsafe(`
    INSERT INTO users (username, name, email, role, password_hash, updated_at)
    VALUES ('office1', '督查室', 'office@bench.example', 'office', 'x', now())`);
  // Deadlines: a third overdue (1–90 days), a third due within 30 days, a third later. States mostly in progress.
  await insertOpenTasks(db, {
    count: TASKS,
    title: "基准事项",
    pendingEvery: 20,
    assignedEvery: 7,
    units: benchUnits,
    leaders: 10,
    deadline:
      "DATE '2026-11-24' + (CASE g % 3 WHEN 0 THEN -(1 + g % 90) WHEN 1 THEN g % 31 ELSE 31 + g % 300 END)",
    assignedAt: "TIMESTAMPTZ '2026-11-24 08:00+08' - ((g % 40) || ' days')::interval",
    reportDue: "DATE '2026-11-24' - (g % 10)",
  });
  await db.$executeRawUnsafe("ANALYZE");
}

async function measure(database: Database) {
  await seed(database);
  const started = performance.now();
  const run = await runReminders(database.prisma, { now, publicUrl });
  return { ms: performance.now() - started, run };
}

async function smtpThroughput(database: Database) {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disableReverseLookup: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, callback) {
      stream.on("data", () => {});
      stream.on("end", () => {
        received++;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as { port: number }).port;
  const mailer = createMailer(`smtp://127.0.0.1:${port}`);
  const queued = await database.prisma.outboxEmail.count({ where: { status: "pending" } });
  const started = performance.now();
  const result = await drainOutbox(database.prisma, mailer, {
    from: "督办 <duban@bench.example>",
    now: () => now,
  });
  const seconds = (performance.now() - started) / 1000;
  mailer.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return { queued, sent: result.sent, received, perSecond: result.sent / seconds };
}

const rows: [string, string][] = [];
let liteMs: number | null = null;
let pgMs: number | null = null;
let counted: Awaited<ReturnType<typeof measure>>["run"] | null = null;
let smtp: Awaited<ReturnType<typeof smtpThroughput>> | null = null;
const smtpRow = (s: NonNullable<typeof smtp>): [string, string] => [
  "SMTP 发送（本机接收端）",
  `${s.perSecond.toFixed(1)} 封/秒（${s.sent} 封）`,
];

if (engines.includes("pglite")) {
  const lite = await openDatabase("memory://");
  const result = await measure(lite);
  liteMs = result.ms;
  counted = result.run;
  rows.push(["PGlite：计划并写入发件箱", `${result.ms.toFixed(0)} 毫秒`]);
  smtp = await smtpThroughput(lite);
  rows.push(smtpRow(smtp));
  await lite.close();
} else {
  rows.push(["PGlite：计划并写入发件箱", "BENCH_ENGINES 未含 pglite，跳过"]);
}

if (engines.includes("pg") && process.env.TEST_DATABASE_URL) {
  const { database, drop } = await freshPostgres(process.env.TEST_DATABASE_URL, `duban_bench_${process.pid}`);
  try {
    const result = await measure(database);
    pgMs = result.ms;
    counted ??= result.run;
    rows.push(["PostgreSQL：计划并写入发件箱", `${result.ms.toFixed(0)} 毫秒`]);
    if (!smtp) {
      smtp = await smtpThroughput(database);
      rows.push(smtpRow(smtp));
    }
  } finally {
    await drop();
  }
} else if (engines.includes("pg")) {
  rows.push(["PostgreSQL：计划并写入发件箱", "未设置 TEST_DATABASE_URL，跳过"]);
} else {
  rows.push(["PostgreSQL：计划并写入发件箱", "BENCH_ENGINES 未含 pg，跳过"]);
}

console.log(
  `提醒任务基准：${TASKS} 项事项，${benchUnits} 个单位；当天提醒 ${counted?.reminders ?? "—"} 条，合并为 ${counted?.digests ?? "—"} 封邮件`,
);
for (const [what, value] of rows) console.log(`${what.padEnd(24, "　")}${value}`);
console.log(
  JSON.stringify({
    tasks: TASKS,
    reminders: counted?.reminders ?? null,
    digests: counted?.digests ?? null,
    plan_enqueue_ms_pglite: liteMs === null ? null : Math.round(liteMs),
    plan_enqueue_ms_pg: pgMs === null ? null : Math.round(pgMs),
    smtp_msgs_per_s: smtp ? Number(smtp.perSecond.toFixed(1)) : null,
  }),
);
