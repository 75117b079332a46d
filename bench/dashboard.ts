// How fast the dashboard and one unit's overdue list answer on 100,000 tasks over 200 units with a year of
// history, under autocannon at concurrency 10, on PGlite and on PostgreSQL (a throw-away database beside
// TEST_DATABASE_URL, when it is set), against the real app with a signed-in office session. The app runs in its
// own process (bench/dashboard-server.ts); a plain Fastify route in that process is the ceiling.
// Targets on PostgreSQL: dashboard p99 under 100 ms; the overdue list over 1,000 requests a second; the bulletin's
// PDF of a month under 1.5 s.
// Prints a table (with the dashboard's bytes on the wire, plain and compressed), then one JSON line.
import { fork } from "node:child_process";
import autocannon from "autocannon";
import type { BenchServer } from "./dashboard-server.ts";
import { benchUnits } from "./district.ts";
import { throwAwayDatabase } from "./fresh-postgres.ts";
import { type MixedResult, officeWriters, readers, runMixedLoad, unitWriters } from "./mixed-load.ts";

const TASKS = Number(process.env.BENCH_TASKS ?? 100_000);
/** BENCH_ENGINES=pg skips PGlite, for a run too large for it (BENCH_TASKS=1000000). */
const onPglite = process.env.BENCH_ENGINES !== "pg";
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 10;

type Load = { rps: number; p50: number; p99: number; requests: number; errors: number };

async function load(url: string, cookie?: string): Promise<Load> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: cookie ? { cookie } : {},
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

/** Starts bench/dashboard-server.ts on `databaseUrl` and waits for it to be seeded and listening. */
function startServer(databaseUrl: string) {
  const child = fork(new URL("./dashboard-server.ts", import.meta.url), {
    execArgv: ["--import=tsx"],
    env: { ...process.env, BENCH_DATABASE_URL: databaseUrl, BENCH_TASKS: String(TASKS) },
  });
  const ready = new Promise<BenchServer>((resolve, reject) => {
    child.once("message", (message) => resolve(message as BenchServer));
    child.once("exit", (code) => reject(new Error(`bench server exited with ${code} before it was ready`)));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  return { ready, stop };
}

async function measure(databaseUrl: string) {
  const server = startServer(databaseUrl);
  try {
    const s = await server.ready;
    const ceiling = await load(s.plainBase);
    const dashboard = await load(`${s.base}/dashboard`, s.cookie);
    const overduePath = `/tasks?unitId=${s.unitId}&light=red`;
    const overdue = await load(`${s.base}${overduePath}`, s.cookie);
    // Last, as it changes the data: writes and reads at once.
    const mixed = await runMixedLoad(
      s.base,
      s.writers,
      s.cookie,
      ["/dashboard", "/tasks", overduePath],
      SECONDS,
    );
    return { server: s, ceiling, dashboard, overdue, mixed };
  } finally {
    await server.stop();
  }
}

const lite = onPglite ? await measure("memory://") : null;
const pgUrl = process.env.TEST_DATABASE_URL;
let onPg: Awaited<ReturnType<typeof measure>> | null = null;
if (pgUrl) {
  const fresh = await throwAwayDatabase(pgUrl, `duban_bench_dash_${process.pid}`);
  try {
    onPg = await measure(fresh.url);
  } finally {
    await fresh.drop();
  }
}

const row = (what: string, r: Load | undefined) =>
  r
    ? `${what.padEnd(16, "　")}${r.rps.toFixed(0).padStart(7)} 次/秒   p50 ${String(r.p50).padStart(4)} 毫秒   p99 ${String(r.p99).padStart(4)} 毫秒   （${r.requests} 次，失败 ${r.errors}）`
    : `${what.padEnd(16, "　")}未测（PGlite 需不设 BENCH_ENGINES=pg，PostgreSQL 需设置 TEST_DATABASE_URL）`;
const s = (onPg ?? lite)!.server;
console.log(
  `统计分析基准：${TASKS} 项事项，${benchUnits} 个单位，一年的记录；并发 ${CONNECTIONS}，每项 ${SECONDS} 秒；督查室账号登录`,
);
console.log(`逾期清单的单位：id ${s.unitId}，逾期 ${s.unitOverdue} 项（每页 50 项）`);
console.log(row("Fastify 空路由（上限）", (onPg ?? lite)!.ceiling));
console.log(row("PGlite：统计分析页", lite?.dashboard));
console.log(row("PGlite：单位逾期清单", lite?.overdue));
console.log(row("PostgreSQL：统计分析页", onPg?.dashboard));
console.log(row("PostgreSQL：单位逾期清单", onPg?.overdue));
const mixedRow = (what: string, m: MixedResult | undefined) =>
  m
    ? `${what.padEnd(16, "　")}写入 ${m.writesPerSecond.toFixed(0).padStart(4)} 次/秒（p50 ${m.writeP50.toFixed(0)} 毫秒，p99 ${m.writeP99.toFixed(0)} 毫秒，失败 ${m.writeErrors}）   读取 p50 ${m.readP50.toFixed(0)} 毫秒，p99 ${m.readP99.toFixed(0)} 毫秒（${m.reads} 次，失败 ${m.readErrors}）`
    : `${what.padEnd(16, "　")}未测（PGlite 需不设 BENCH_ENGINES=pg，PostgreSQL 需设置 TEST_DATABASE_URL）`;
console.log(
  `边写边读（${unitWriters} 个单位经办人签收、报送进展，${officeWriters} 个督查室账号审核，同时 ${readers} 个读者轮流打开统计分析页、台账和单位逾期清单，${SECONDS} 秒）：`,
);
console.log(mixedRow("PGlite", lite?.mixed));
console.log(mixedRow("PostgreSQL", onPg?.mixed));
const uncached = (name: string, r: { server: BenchServer } | null) =>
  r
    ? `${name}统计分析页 ${r.server.uncachedDashboardMs.toFixed(0)} 毫秒、单位逾期清单 ${r.server.uncachedOverdueMs.toFixed(1)} 毫秒（造数 ${(r.server.seedMs / 1000).toFixed(1)} 秒）`
    : null;
console.log(
  `写入后第一次打开（无缓存，单个请求的中位数）：${[uncached("PGlite ", lite), uncached("PostgreSQL ", onPg)].filter(Boolean).join("；")}`,
);
const bytes = s.dashboardBytes;
const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
console.log(
  `统计分析页在网络上的大小：不压缩 ${kb(bytes.plain)}，gzip ${kb(bytes.gzip)}，br ${kb(bytes.br)}（浏览器声明支持时压缩）`,
);
const pdfRow = (name: string, r: { server: BenchServer } | null) =>
  r
    ? `${name}看过通报页后下载 ${r.server.bulletinPdfMs.toFixed(0)} 毫秒，写入后直接下载 ${r.server.bulletinPdfUncachedMs.toFixed(0)} 毫秒`
    : null;
console.log(
  `督查通报 PDF（2026年11月，全部单位，${s.bulletinPdfPages} 页；写入后第一次生成，3 次的中位数）：${[pdfRow("PGlite ", lite), pdfRow("PostgreSQL ", onPg)].filter(Boolean).join("；")}`,
);
const round = (n: number | undefined) => (n === undefined ? null : Math.round(n));
console.log(
  JSON.stringify({
    tasks: TASKS,
    dashboard_rps_pg: round(onPg?.dashboard.rps),
    dashboard_p99_ms_pg: round(onPg?.dashboard.p99),
    overdue_rps_pg: round(onPg?.overdue.rps),
    overdue_p99_ms_pg: round(onPg?.overdue.p99),
    dashboard_rps_pglite: round(lite?.dashboard.rps),
    overdue_rps_pglite: round(lite?.overdue.rps),
    ceiling_rps: round((onPg ?? lite)!.ceiling.rps),
    dashboard_uncached_ms_pg: round(onPg?.server.uncachedDashboardMs),
    overdue_uncached_ms_pg: onPg ? Math.round(onPg.server.uncachedOverdueMs * 10) / 10 : null,
    dashboard_bytes_gzip: bytes.gzip,
    mixed_writes_per_s_pg: round(onPg?.mixed.writesPerSecond),
    mixed_read_p99_ms_pg: round(onPg?.mixed.readP99),
    mixed_writes_per_s_pglite: round(lite?.mixed.writesPerSecond),
    mixed_read_p99_ms_pglite: round(lite?.mixed.readP99),
    bulletin_pdf_ms: round((onPg ?? lite)!.server.bulletinPdfMs),
    bulletin_pdf_uncached_ms: round((onPg ?? lite)!.server.bulletinPdfUncachedMs),
  }),
);
