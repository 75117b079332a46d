// How fast the dashboard and one unit's overdue list answer on 100,000 tasks over 200 units with a year of
// history, under autocannon at concurrency 10, on PGlite and on PostgreSQL (TEST_DATABASE_URL, when set),
// against the real app with a signed-in office session; a plain route on the same app is the ceiling.
// Targets on PostgreSQL: dashboard p99 under 100 ms; the overdue list over 1,000 requests a second.
// Prints a table, then one JSON line.
import "../src/locale.ts";
import autocannon from "autocannon";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import { type Database, openDatabase } from "../src/db/open-database.ts";
import { hashPassword } from "../src/features/auth/passwords.ts";
import { freshPostgres } from "./fresh-postgres.ts";

const TASKS = Number(process.env.BENCH_TASKS ?? 100_000);
const UNITS = 200;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 10;
const now = new Date("2026-11-24T02:00:00Z"); // Tuesday 10:00 in Shanghai
const password = "bench2026pass";

/** Set-based seeding (generate_series), so seeding is not what we measure. */
async function seed(database: Database) {
  const db = database.prisma;
  const hash = await hashPassword(password);
  await db.$executeRawUnsafe(`
    INSERT INTO units (name, kind, contact_emails, updated_at)
    SELECT '基准单位' || g, 'bureau', ARRAY['unit' || g || '@bench.example'], now() FROM generate_series(1, ${UNITS}) g`);
  await db.$executeRawUnsafe(`
    INSERT INTO users (username, name, email, role, password_hash, updated_at)
    SELECT 'leader' || g, '领导' || g, 'leader' || g || '@bench.example', 'leader', 'x', now() FROM generate_series(1, 10) g`);
  // Each leader is in charge of 20 units.
  await db.$executeRawUnsafe(`
    INSERT INTO leader_units (user_id, unit_id)
    SELECT l.id, u.id FROM users l JOIN units u ON u.id % 10 = l.id % 10 WHERE l.role = 'leader'`);
  await db.$executeRawUnsafe(
    `INSERT INTO users (username, name, role, password_hash, updated_at) VALUES ('office1', '督查室', 'office', $1, now())`,
    hash,
  );
  // 52 meetings over the year, one a week.
  await db.$executeRawUnsafe(`
    INSERT INTO meetings (title, kind, held_on, source_text, content_hash)
    SELECT '区政府第' || g || '次常务会议', '常务会议', DATE '2026-11-24' - g * 7, '纪要' || g, 'bench' || g
    FROM generate_series(1, 52) g`);
  // A year of history: handed out over 365 days; 60% done (on time when done by the deadline); of the open
  // ones a third overdue (1–90 days), the rest due within the next 120 days. One task in five has a co-unit.
  await db.$executeRawUnsafe(`
    INSERT INTO tasks (title, origin, meeting_id, state, lead_unit_id, leader_id, deadline, assigned_at, done_at,
      done_on_time, next_report_due, report_cycle, updated_at)
    SELECT '基准事项' || g,
      (CASE WHEN g % 5 = 0 THEN 'leader' ELSE 'meeting' END)::"TaskOrigin",
      CASE WHEN g % 5 = 0 THEN NULL ELSE (SELECT min(id) FROM meetings) + (g % 52) END,
      (CASE WHEN g % 10 < 6 THEN 'done' WHEN g % 20 = 7 THEN 'pending_review' WHEN g % 10 = 6 THEN 'assigned'
        ELSE 'in_progress' END)::"TaskState",
      (SELECT min(id) FROM units) + (g % ${UNITS}),
      (SELECT min(id) FROM users WHERE role = 'leader') + (g % 10),
      CASE WHEN g % 10 < 6 THEN DATE '2026-11-24' - (g % 365) + 15 + (g % 60)
        WHEN g % 3 = 0 THEN DATE '2026-11-24' - (1 + g % 90)
        ELSE DATE '2026-11-24' + (g % 120) END,
      TIMESTAMPTZ '2026-11-24 08:00+08' - ((g % 365) || ' days')::interval,
      CASE WHEN g % 10 < 6 THEN LEAST(TIMESTAMPTZ '2026-11-24 08:00+08' - ((g % 365) || ' days')::interval
        + ((g % 70) || ' days')::interval, TIMESTAMPTZ '2026-11-24 08:00+08') END,
      CASE WHEN g % 10 < 6 THEN (g % 70) <= 15 + (g % 60) OR (g % 365) < (g % 70) END,
      CASE WHEN g % 4 = 0 AND g % 10 >= 6 THEN DATE '2026-11-24' - (g % 10) ELSE NULL END,
      (CASE WHEN g % 4 = 0 THEN 'weekly' ELSE 'none' END)::"ReportCycle",
      now()
    FROM generate_series(1, ${TASKS}) g`);
  await db.$executeRawUnsafe(`
    INSERT INTO task_co_units (task_id, unit_id)
    SELECT t.id, (SELECT min(id) FROM units) + ((t.lead_unit_id - (SELECT min(id) FROM units) + 7) % ${UNITS})
    FROM tasks t WHERE t.id % 5 = 1`);
  await db.$executeRawUnsafe("ANALYZE");
  const unit = await db.unit.findFirstOrThrow({ where: { name: "基准单位42" }, select: { id: true } });
  return { unitId: unit.id };
}

/** Logs in through the login form, as a browser does, and returns the session cookie. */
async function logIn(base: string): Promise<string> {
  const cookies = new Map<string, string>();
  const keep = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const [name, ...value] = (pair ?? "").split("=");
      if (name) cookies.set(name.trim(), value.join("="));
    }
    return res;
  };
  const header = () => [...cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  const page = await keep(await fetch(`${base}/login`)).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? "";
  const res = keep(
    await fetch(`${base}/login`, {
      method: "POST",
      headers: { cookie: header(), "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: csrf, username: "office1", password }).toString(),
      redirect: "manual",
    }),
  );
  if (res.status !== 303) throw new Error(`login failed: ${res.status}`);
  return header();
}

type Load = { rps: number; p50: number; p99: number; requests: number; errors: number };

async function load(url: string, cookie: string): Promise<Load> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { cookie },
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

async function startApp(database: Database): Promise<{ app: FastifyInstance; base: string }> {
  const app = await buildApp({
    config: loadConfig({
      NODE_ENV: "production",
      LOG_LEVEL: "silent",
      DATA_DIR: "bench/.tmp",
      SESSION_SECRET: "bench-secret-that-is-long-enough-for-signing",
    }),
    db: database.prisma,
    sessionSecret: "bench-secret-that-is-long-enough-for-signing",
    clock: () => now,
    logger: false,
  });
  // The ceiling: the same app, plugins and hooks, with a route that does nothing.
  app.get("/bench/ceiling", async () => ({ ok: true }));
  const base = await app.listen({ host: "127.0.0.1", port: 0 });
  return { app, base };
}

async function measure(database: Database, withCeiling: boolean) {
  const { unitId } = await seed(database);
  const { app, base } = await startApp(database);
  try {
    const cookie = await logIn(base);
    const overdueUrl = `${base}/tasks?unitId=${unitId}&light=red`;
    for (const url of [`${base}/dashboard`, overdueUrl]) {
      const res = await fetch(url, { headers: { cookie }, redirect: "manual" });
      if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
    }
    const ceiling = withCeiling ? await load(`${base}/bench/ceiling`, cookie) : null;
    const dashboard = await load(`${base}/dashboard`, cookie);
    const overdue = await load(overdueUrl, cookie);
    return { ceiling, dashboard, overdue };
  } finally {
    await app.close();
  }
}

const lite = await openDatabase("memory://");
let pgliteResult: Awaited<ReturnType<typeof measure>>;
try {
  pgliteResult = await measure(lite, !process.env.TEST_DATABASE_URL);
} finally {
  await lite.close();
}

let pgResult: Awaited<ReturnType<typeof measure>> | null = null;
if (process.env.TEST_DATABASE_URL) {
  const { database, drop } = await freshPostgres(
    process.env.TEST_DATABASE_URL,
    `duban_bench_dash_${process.pid}`,
  );
  try {
    pgResult = await measure(database, true);
  } finally {
    await drop();
  }
}

const ceiling = (pgResult?.ceiling ?? pgliteResult.ceiling)!;
const row = (what: string, r: Load | null) =>
  r
    ? `${what.padEnd(14, "　")}${r.rps.toFixed(0).padStart(7)} 次/秒   p50 ${String(r.p50).padStart(4)} 毫秒   p99 ${String(r.p99).padStart(4)} 毫秒   （${r.requests} 次，失败 ${r.errors}）`
    : `${what.padEnd(14, "　")}未设置 TEST_DATABASE_URL，跳过`;
console.log(
  `统计分析基准：${TASKS} 项事项，${UNITS} 个单位，一年的记录；并发 ${CONNECTIONS}，每项 ${SECONDS} 秒；督查室账号登录`,
);
console.log(row("空路由（上限）", ceiling));
console.log(row("PGlite：统计分析页", pgliteResult.dashboard));
console.log(row("PGlite：单位逾期清单", pgliteResult.overdue));
console.log(row("PostgreSQL：统计分析页", pgResult?.dashboard ?? null));
console.log(row("PostgreSQL：单位逾期清单", pgResult?.overdue ?? null));
const round = (n: number | undefined) => (n === undefined ? null : Math.round(n));
console.log(
  JSON.stringify({
    tasks: TASKS,
    dashboard_rps_pg: round(pgResult?.dashboard.rps),
    dashboard_p99_ms_pg: round(pgResult?.dashboard.p99),
    overdue_rps_pg: round(pgResult?.overdue.rps),
    overdue_p99_ms_pg: round(pgResult?.overdue.p99),
    dashboard_rps_pglite: round(pgliteResult.dashboard.rps),
    overdue_rps_pglite: round(pgliteResult.overdue.rps),
    ceiling_rps: round(ceiling.rps),
  }),
);
