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
  /**
   * The bulletin PDF of November (every unit, the overdue tasks by unit), right after a write: median time of the
   * PDF asked for after the bulletin page (the page's link, so its data is computed), and asked for directly.
   */
  bulletinPdfMs: number;
  bulletinPdfUncachedMs: number;
  /** That PDF's pages and the overdue rows they list. */
  bulletinPdfPages: number;
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
  // As server.ts: Chromium is started with the app, not by the first PDF.
  warmPdf: true,
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

const bulletinQuery = "?from=2026-11-01&to=2026-11-30";
const bulletinPdfMs = await bulletinPdfAfterPageMs(3);
const bulletinPdfUncachedMs = await uncachedMs(`/bulletin.pdf${bulletinQuery}`, 3);
const bulletinPdfPages = await pdfPages(`/bulletin.pdf${bulletinQuery}`);

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
  bulletinPdfMs,
  bulletinPdfUncachedMs,
  bulletinPdfPages,
  writers,
} satisfies BenchServer);

process.on("SIGTERM", async () => {
  await plain.close();
  await app.close();
  await database.close();
  process.exit(0);
});

/** A write that moves a figure, as a real one does: one of the unit's open tasks turns red, then back. */
async function touch(): Promise<void> {
  await database.prisma.$executeRaw`
    UPDATE tasks SET deadline = CASE WHEN deadline < DATE '2026-11-24' THEN DATE '2027-03-01' ELSE DATE '2026-11-01' END
    WHERE id = (SELECT min(id) FROM tasks WHERE lead_unit_id = ${unitId} AND state = 'in_progress')`;
}

/** The time to load `path` to its last byte, which must come with status 200. */
async function timed(path: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${base}${path}`, { headers: { cookie } });
  if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
  await res.arrayBuffer();
  return performance.now() - started;
}

function median(samples: number[]): number {
  return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
}

/** The median time to load `path` right after a write that changes what it shows. */
async function uncachedMs(path: string, times: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    await touch();
    samples.push(await timed(path));
  }
  return median(samples);
}

/** The median time of the bulletin's PDF when it follows the bulletin page, as its 下载 PDF link does. */
async function bulletinPdfAfterPageMs(times: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    await touch();
    await timed(`/bulletin${bulletinQuery}`);
    samples.push(await timed(`/bulletin.pdf${bulletinQuery}`));
  }
  return median(samples);
}

/** The pages of the PDF at `path`. */
async function pdfPages(path: string): Promise<number> {
  const res = await fetch(`${base}${path}`, { headers: { cookie } });
  const pdf = Buffer.from(await res.arrayBuffer()).toString("latin1");
  return (pdf.match(/\/Type\s*\/Page\b(?!s)/g) ?? []).length;
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
