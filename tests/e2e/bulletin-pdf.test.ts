// The bulletin's PDF printer over the app's lifetime, with Debian's real Chromium: started when the app is ready,
// one browser and one page answering print after print and concurrent prints without mixing their documents,
// a killed browser replaced by the next request, and no Chromium process left once the app is closed.
import { execFileSync } from "node:child_process";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/open-database.ts";
import { Browser as Client, createTestApp } from "../helpers/app.ts";
import { createTestDatabase } from "../helpers/database.ts";
import { createTask, createUnit, createUser, password } from "../helpers/factories.ts";
import { pdfPageTexts } from "../helpers/pdf-text.ts";

const now = new Date("2026-11-24T02:00:00Z");

let database: Database;
let app: FastifyInstance | null = null;
let client: Client;

/** The Chromium processes this test process started, with their parent: every descendant whose command names it. */
function chromiumProcesses(): { pid: number; ppid: number }[] {
  const rows = execFileSync("ps", ["-eo", "pid=,ppid=,args="], { encoding: "utf8" })
    .split("\n")
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m) => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3]! }));
  const mine = new Set([process.pid]);
  // Parents come before children in pid order only usually; repeat until nothing is added.
  for (let grew = true; grew; ) {
    grew = false;
    for (const row of rows)
      if (mine.has(row.ppid) && !mine.has(row.pid)) {
        mine.add(row.pid);
        grew = true;
      }
  }
  return rows
    .filter((row) => row.pid !== process.pid && mine.has(row.pid) && row.args.includes("chromium"))
    .map(({ pid, ppid }) => ({ pid, ppid }));
}

/** The browser processes themselves (started by this process), not their renderers and helpers. */
function browserPids(): number[] {
  return chromiumProcesses()
    .filter((p) => p.ppid === process.pid)
    .map((p) => p.pid);
}

async function until(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A bulletin PDF of November with issue number `issue`: its status and the text of each page. */
async function printed(issue: number) {
  const res = await client.get(`/bulletin.pdf?from=2026-11-01&to=2026-11-30&issue=${issue}`);
  expect(res.statusCode, `issue ${issue}`).toBe(200);
  expect(res.headers["content-type"]).toBe("application/pdf");
  expect(res.rawPayload.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  return pdfPageTexts(res.rawPayload);
}

function expectIssue(pages: string[], issue: number) {
  expect(pages.length, `issue ${issue}`).toBeGreaterThan(0);
  expect(pages[0]).toContain("督查通报");
  expect(pages[0]).toContain(`第${issue}期`);
  expect(pages.join("")).toContain("河道清淤");
}

beforeAll(async () => {
  expect(browserPids(), "no Chromium before the app starts").toEqual([]);
  database = await createTestDatabase();
  const db = database.prisma;
  const unit = await createUnit(db, { name: "区水务局" });
  const office = await createUser(db, { role: "office" });
  await createTask(db, {
    title: "河道清淤",
    state: "in_progress",
    leadUnitId: unit.id,
    deadline: "2026-11-20",
  });
  app = await createTestApp(db, { clock: () => now, warmPdf: true });
  client = new Client(app);
  await client.login(office.username, password);
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe("督查通报 PDF printer", () => {
  it("starts Chromium when the app is ready, before any PDF is asked for", async () => {
    await until(() => browserPids().length === 1, "the warmed browser");
  });

  it("prints one PDF after another in the same browser", async () => {
    const before = browserPids();
    expectIssue(await printed(1), 1);
    expectIssue(await printed(2), 2);
    expect(browserPids()).toEqual(before);
  });

  it("prints two PDFs asked for at once, each with its own document", async () => {
    const before = browserPids();
    const [a, b] = await Promise.all([printed(3), printed(4)]);
    expectIssue(a!, 3);
    expectIssue(b!, 4);
    expect(a!.join("")).not.toContain("第4期");
    expect(b!.join("")).not.toContain("第3期");
    expect(browserPids()).toEqual(before);
  });

  it("answers the next request with a PDF after Chromium is killed", async () => {
    const [killed] = browserPids();
    expect(killed).toBeDefined();
    process.kill(killed!, "SIGKILL");
    expectIssue(await printed(5), 5);
    const after = browserPids();
    expect(after).toHaveLength(1);
    expect(after).not.toContain(killed);
  });

  it("leaves no Chromium process once the app is closed", async () => {
    expect(chromiumProcesses().length).toBeGreaterThan(0);
    await app!.close();
    app = null;
    await until(() => chromiumProcesses().length === 0, "Chromium to exit", 5_000);
  });
});
