// The server side of bench/dashboard.ts, in its own process so the load generator does not share its event loop:
// opens BENCH_DATABASE_URL (memory:// for PGlite, or an empty PostgreSQL database), seeds it, starts the app and,
// on another port, a plain Fastify route (the ceiling), signs in as the office through the login form, and sends
// the parent what it needs to load the pages. It stops on SIGTERM.
import "../src/shared/locale.ts";
import { get } from "node:http";
import Fastify from "fastify";
import { buildApp } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import { openDatabase } from "../src/db/open-database.ts";
import { benchPassword, seedDashboardBench } from "./dashboard-seed.ts";
import { prepareWriters, type Writer } from "./mixed-load.ts";

export type BenchServer = {
  base: string;
  plainBase: string;
  cookie: string;
  unitId: number;
  /** Overdue tasks of that unit: the rows its overdue list pages through. */
  unitOverdue: number;
  /** Each page right after a write, when nothing it reads is cached yet (median of several). */
  uncachedDashboardMs: number;
  uncachedOverdueMs: number;
  seedMs: number;
  /** The dashboard page's bytes on the wire, as sent to a client that accepts each encoding. */
  dashboardBytes: { plain: number; gzip: number; br: number };
  /** The mixed-load run's writers (bench/mixed-load.ts). */
  writers: Writer[];
};

const now = new Date("2026-11-24T02:00:00Z"); // Tuesday 10:00 in Shanghai
const secret = "bench-secret-that-is-long-enough-for-signing";

const database = await openDatabase(process.env.BENCH_DATABASE_URL ?? "memory://");
const seedStarted = performance.now();
const { unitId, unitOverdue } = await seedDashboardBench(
  database,
  Number(process.env.BENCH_TASKS ?? 100_000),
);
const seedMs = performance.now() - seedStarted;

const app = await buildApp({
  config: loadConfig({
    NODE_ENV: "production",
    LOG_LEVEL: "silent",
    DATA_DIR: "bench/.tmp",
    SESSION_SECRET: secret,
  }),
  db: database.prisma,
  sessionSecret: secret,
  clock: () => now,
  logger: false,
});
const base = await app.listen({ host: "127.0.0.1", port: 0 });

const plain = Fastify({ logger: false });
plain.get("/", async () => ({ ok: true }));
const plainBase = await plain.listen({ host: "127.0.0.1", port: 0 });

const cookie = await logIn(base);
const overduePath = `/tasks?unitId=${unitId}&light=red`;
const uncachedDashboardMs = await uncachedMs("/dashboard", 5);
const uncachedOverdueMs = await uncachedMs(overduePath, 21);
const dashboardBytes = {
  plain: await wireBytes("/dashboard", "identity"),
  gzip: await wireBytes("/dashboard", "gzip"),
  br: await wireBytes("/dashboard", "br"),
};

const writers = await prepareWriters(database);

process.send?.({
  base,
  plainBase,
  cookie,
  unitId,
  unitOverdue,
  uncachedDashboardMs,
  uncachedOverdueMs,
  seedMs,
  dashboardBytes,
  writers,
} satisfies BenchServer);

process.on("SIGTERM", async () => {
  await plain.close();
  await app.close();
  await database.close();
  process.exit(0);
});

/** The median time to load `path` right after a write that changes what it shows. */
async function uncachedMs(path: string, times: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    // A write that moves a figure, as a real one does: one of the unit's open tasks turns red, then back.
    await database.prisma.$executeRaw`
      UPDATE tasks SET deadline = CASE WHEN deadline < DATE '2026-11-24' THEN DATE '2027-03-01' ELSE DATE '2026-11-01' END
      WHERE id = (SELECT min(id) FROM tasks WHERE lead_unit_id = ${unitId} AND state = 'in_progress')`;
    const started = performance.now();
    const res = await fetch(`${base}${path}`, { headers: { cookie } });
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    await res.text();
    samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b)[Math.floor(times / 2)]!;
}

/** The bytes of `path` as they cross the wire to a client accepting `encoding` (fetch would inflate them). */
function wireBytes(path: string, encoding: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(`${base}${path}`, { headers: { cookie, "accept-encoding": encoding } }, (res) => {
      let bytes = 0;
      res.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on("end", () =>
        res.statusCode === 200 ? resolve(bytes) : reject(new Error(`${path}: ${res.statusCode}`)),
      );
    }).on("error", reject);
  });
}

/** Logs in through the login form, as a browser does, and returns the cookie header to send. */
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
      body: new URLSearchParams({ _csrf: csrf, username: "office1", password: benchPassword }).toString(),
      redirect: "manual",
    }),
  );
  if (res.status !== 303) throw new Error(`login failed: ${res.status}`);
  return header();
}
