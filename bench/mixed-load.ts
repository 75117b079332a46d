// The mixed-load run of bench:dashboard: 20 writers and 10 readers at once against the app, as a working morning
// is. Writers go through the API as integrations do: 16 unit staff (one unit each) sign for their unit's tasks
// and report progress on them, in turn, and 4 office staff approve tasks waiting for review; readers, signed in
// as the office, load the dashboard, the ledger and a unit's overdue list in turn. Every write moves the data
// the readers' pages show, so they are read uncached as often as writes come.
import { randomBytes } from "node:crypto";
import type { Database } from "../src/db/open-database.ts";
import { hashToken } from "../src/features/tokens/service.ts";

export const unitWriters = 16;
export const officeWriters = 4;
export const readers = 10;

/** What one writer does: its token and the tasks it may act on. */
export type Writer = { token: string; sign: number[]; report: number[]; approve: number[] };

/** Makes the writers' accounts and tokens (written directly: the token service wants a signed-in actor). */
export async function prepareWriters(database: Database): Promise<Writer[]> {
  const db = database.prisma;
  // Units with tasks to sign or report on (in the seed a unit has one or the other, never none of both).
  const units = await db.$queryRawUnsafe<{ id: number }[]>(
    `SELECT lead_unit_id AS id FROM tasks WHERE state IN ('assigned', 'in_progress')
     GROUP BY lead_unit_id ORDER BY lead_unit_id LIMIT ${unitWriters}`,
  );
  if (units.length < unitWriters)
    throw new Error(`only ${units.length} units have tasks to sign or report on`);
  const writers: Writer[] = [];
  const tokenFor = async (userId: number) => {
    const token = `duban_${randomBytes(32).toString("base64url")}`;
    await db.apiToken.create({ data: { userId, name: "基准", tokenHash: hashToken(token) } });
    return token;
  };
  for (const [i, unit] of units.entries()) {
    const user = await db.user.create({
      data: { username: `mixed${i}`, name: `单位经办${i}`, role: "unit", unitId: unit.id, passwordHash: "x" },
    });
    const tasks = (state: string) =>
      db.$queryRawUnsafe<{ id: number }[]>(
        `SELECT id FROM tasks WHERE lead_unit_id = $1 AND state = '${state}'::"TaskState" ORDER BY id`,
        unit.id,
      );
    writers.push({
      token: await tokenFor(user.id),
      sign: (await tasks("assigned")).map((t) => t.id),
      report: (await tasks("in_progress")).map((t) => t.id),
      approve: [],
    });
  }
  const pending = await db.$queryRawUnsafe<{ id: number }[]>(
    `SELECT id FROM tasks WHERE state = 'pending_review' ORDER BY id`,
  );
  for (let i = 0; i < officeWriters; i++) {
    const user = await db.user.create({
      data: { username: `mixedoffice${i}`, name: `督查室${i}`, role: "office", passwordHash: "x" },
    });
    writers.push({
      token: await tokenFor(user.id),
      sign: [],
      report: [],
      approve: pending.filter((_, j) => j % officeWriters === i).map((t) => t.id),
    });
  }
  return writers;
}

export type MixedResult = {
  writesPerSecond: number;
  writes: number;
  writeErrors: number;
  writeP50: number;
  writeP99: number;
  reads: number;
  readErrors: number;
  readP50: number;
  readP99: number;
};

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]! : 0;

/** Runs the writers and readers against `base` for `seconds`; readers load `readPaths` in turn. */
export async function runMixedLoad(
  base: string,
  writers: Writer[],
  cookie: string,
  readPaths: string[],
  seconds: number,
  readerCount = readers,
): Promise<MixedResult> {
  const until = performance.now() + seconds * 1000;
  const writeMs: number[] = [];
  const readMs: number[] = [];
  let writeErrors = 0;
  let readErrors = 0;

  async function timed(samples: number[], request: () => Promise<Response>): Promise<boolean> {
    const started = performance.now();
    const res = await request();
    await res.arrayBuffer();
    samples.push(performance.now() - started);
    return res.ok;
  }

  /** Signs, then reports, in turn while the unit has tasks to sign; approves while the office has any waiting. */
  async function write(w: Writer) {
    let turn = 0;
    while (performance.now() < until) {
      const headers = { authorization: `Bearer ${w.token}`, "content-type": "application/json" };
      let path: string;
      let body: object;
      turn++;
      // Both in turn when the unit has both; otherwise whichever it has.
      const signing = w.sign.length > 0 && (turn % 2 === 0 || w.report.length === 0);
      if (w.approve.length > 0) {
        path = `/api/tasks/${w.approve.pop()}/transitions`;
        body = { action: "approve", note: "材料齐全，同意办结" };
      } else if (signing) {
        path = `/api/tasks/${w.sign.pop()}/transitions`;
        body = { action: "sign" };
      } else if (w.report.length > 0) {
        path = `/api/tasks/${w.report[turn % w.report.length]}/reports`;
        body = { body: `第${turn}次报送：已完成现场排查，正在组织整改，预计本月底前完成。` };
      } else return;
      const ok = await timed(writeMs, () =>
        fetch(`${base}${path}`, { method: "POST", headers, body: JSON.stringify(body) }),
      );
      if (!ok) writeErrors++;
    }
  }

  async function read(i: number) {
    let turn = i;
    while (performance.now() < until) {
      const path = readPaths[turn++ % readPaths.length]!;
      const ok = await timed(readMs, () => fetch(`${base}${path}`, { headers: { cookie } }));
      if (!ok) readErrors++;
    }
  }

  const started = performance.now();
  await Promise.all([...writers.map(write), ...Array.from({ length: readerCount }, (_, i) => read(i))]);
  const elapsed = (performance.now() - started) / 1000;
  writeMs.sort((a, b) => a - b);
  readMs.sort((a, b) => a - b);
  return {
    writesPerSecond: (writeMs.length - writeErrors) / elapsed,
    writes: writeMs.length,
    writeErrors,
    writeP50: percentile(writeMs, 50),
    writeP99: percentile(writeMs, 99),
    reads: readMs.length,
    readErrors,
    readP50: percentile(readMs, 50),
    readP99: percentile(readMs, 99),
  };
}
