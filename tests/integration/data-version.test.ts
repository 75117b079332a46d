// tasks.unit_ids and the data version are kept by triggers (migration 20261124190904_unit_ids_data_version), and
// the pages cache what they read under that version (src/db/data-version.ts). So: unit_ids must follow every way a
// task's units change, the version must move with every write the caches depend on, and a write made anywhere,
// through the app or straight to the database, must show on the very next page view.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { readDataVersion } from "../../src/db/data-version.ts";
import { Browser, textOf, useTestApp } from "../helpers/app.ts";
import { onPostgres } from "../helpers/database.ts";
import { createTask, createUnit, createUser, password } from "../helpers/factories.ts";
import { urlForDatabase } from "../helpers/postgres.ts";

const now = new Date("2026-11-24T02:00:00Z");

const ctx = useTestApp({ clock: () => now });

async function unitIdsOf(taskId: number): Promise<number[]> {
  const task = await ctx.db.task.findUniqueOrThrow({ where: { id: taskId } });
  return task.unitIds;
}

describe("tasks.unit_ids", () => {
  it("holds the lead unit, then the co-units in id order, however they are written", async () => {
    const db = ctx.db;
    const [a, b, c, d] = [
      await createUnit(db),
      await createUnit(db),
      await createUnit(db),
      await createUnit(db),
    ];
    const task = await createTask(db, { leadUnitId: c.id, coUnitIds: [b.id, a.id] });
    expect(await unitIdsOf(task.id)).toEqual([c.id, a.id, b.id]);

    await db.task.update({ where: { id: task.id }, data: { leadUnitId: d.id } });
    expect(await unitIdsOf(task.id)).toEqual([d.id, a.id, b.id]);

    await db.taskCoUnit.delete({ where: { taskId_unitId: { taskId: task.id, unitId: a.id } } });
    expect(await unitIdsOf(task.id)).toEqual([d.id, b.id]);

    // Raw SQL, as a future import or a DBA might write it.
    await db.$executeRaw`INSERT INTO task_co_units (task_id, unit_id) VALUES (${task.id}, ${c.id})`;
    await db.$executeRaw`UPDATE task_co_units SET unit_id = ${a.id} WHERE task_id = ${task.id} AND unit_id = ${b.id}`;
    expect(await unitIdsOf(task.id)).toEqual([d.id, a.id, c.id]);

    // Nobody can set it to something else: it is recomputed.
    await db.task.update({ where: { id: task.id }, data: { leadUnitId: null, unitIds: [999] } });
    expect(await unitIdsOf(task.id)).toEqual([a.id, c.id]);
  });
});

describe("the data version", () => {
  it("moves with each write to the tables the caches read, and not with writes to others", async () => {
    const db = ctx.db;
    const unit = await createUnit(db);
    const user = await createUser(db, { role: "leader" });
    const task = await createTask(db, { leadUnitId: unit.id });
    const moves = async (write: () => Promise<unknown>) => {
      const before = BigInt(await readDataVersion(db));
      await write();
      return BigInt(await readDataVersion(db)) > before;
    };

    expect(await moves(() => db.task.update({ where: { id: task.id }, data: { title: "改名" } }))).toBe(true);
    expect(await moves(() => db.taskCoUnit.create({ data: { taskId: task.id, unitId: unit.id } }))).toBe(
      true,
    );
    expect(await moves(() => db.unit.update({ where: { id: unit.id }, data: { name: "新名称局" } }))).toBe(
      true,
    );
    expect(await moves(() => db.user.update({ where: { id: user.id }, data: { active: false } }))).toBe(true);
    expect(await moves(() => db.leaderUnit.create({ data: { userId: user.id, unitId: unit.id } }))).toBe(
      true,
    );
    expect(
      await moves(() =>
        db.meeting.create({
          data: { title: "第1次常务会议", kind: "常务会议", sourceText: "纪要", contentHash: "dv-1" },
        }),
      ),
    ).toBe(true);
    expect(
      await moves(() =>
        db.holidayOverride.create({ data: { date: new Date("2027-01-01"), workday: false } }),
      ),
    ).toBe(true);

    expect(
      await moves(() =>
        db.taskEvent.create({ data: { taskId: task.id, action: "instruct", note: "请抓紧" } }),
      ),
    ).toBe(false);
    // A log-in writes last_login_at, which nothing cached reads.
    expect(
      await moves(() => db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } })),
    ).toBe(false);
    expect(
      await moves(() =>
        db.session.create({ data: { id: "dv-session", data: {}, expiresAt: new Date(Date.now() + 60_000) } }),
      ),
    ).toBe(false);
  });

  it("does not move for a transaction that rolls back", async () => {
    const db = ctx.db;
    const before = await readDataVersion(db);
    await expect(
      db.$transaction(async (tx) => {
        await tx.unit.create({ data: { name: "回滚单位" } });
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await readDataVersion(db)).toBe(before);
  });

  /** Two raw connections to this test's database, for interleaving transactions by hand. */
  async function twoClients(): Promise<[pg.Client, pg.Client]> {
    const [current] = await ctx.db.$queryRaw<{ name: string }[]>`SELECT current_database() AS name`;
    const url = urlForDatabase(process.env.TEST_DATABASE_URL!, current!.name);
    const clients: [pg.Client, pg.Client] = [
      new pg.Client({ connectionString: url }),
      new pg.Client({ connectionString: url }),
    ];
    await Promise.all(clients.map((c) => c.connect()));
    return clients;
  }

  /** Begins a transaction whose version row differs from `other`'s (ids 64 apart would share one). */
  async function beginOnAnotherRow(client: pg.Client, other: bigint): Promise<void> {
    for (;;) {
      await client.query("BEGIN");
      const { rows } = await client.query<{ id: string }>("SELECT txid_current()::text AS id");
      if (BigInt(rows[0]!.id) % 64n !== other % 64n) return;
      await client.query("ROLLBACK");
    }
  }

  it.runIf(onPostgres)(
    "lets writers of different tasks commit while another writer's transaction is open",
    async () => {
      const db = ctx.db;
      const first = await createTask(db);
      const second = await createTask(db);
      const before = BigInt(await readDataVersion(db));
      const [one, two] = await twoClients();
      try {
        await one.query("BEGIN");
        const { rows } = await one.query<{ id: string }>("SELECT txid_current()::text AS id");
        await one.query("UPDATE tasks SET title = 'one' WHERE id = $1", [first.id]);
        // With a single version row this UPDATE waited for `one` to end; statement_timeout makes a wait fail the test.
        await beginOnAnotherRow(two, BigInt(rows[0]!.id));
        await two.query("SET LOCAL statement_timeout = '2s'");
        await two.query("UPDATE tasks SET title = 'two' WHERE id = $1", [second.id]);
        await two.query("COMMIT");
        // The reader sees `two`'s write and not yet `one`'s.
        expect(BigInt(await readDataVersion(db))).toBe(before + 1n);
        await one.query("COMMIT");
        expect(BigInt(await readDataVersion(db))).toBe(before + 2n);
      } finally {
        await Promise.all([one.end(), two.end()]);
      }
      const titles = await db.task.findMany({
        where: { id: { in: [first.id, second.id] } },
        orderBy: { id: "asc" },
      });
      expect(titles.map((t) => t.title)).toEqual(["one", "two"]);
    },
  );

  it.runIf(onPostgres)(
    "answers a request that PostgreSQL aborts to break a deadlock with 409, having written nothing, and the retry succeeds",
    async () => {
      const db = ctx.db;
      const unit = await createUnit(db);
      const staff = await createUser(db, { role: "unit", unitId: unit.id });
      const task = await createTask(db, { leadUnitId: unit.id, state: "assigned" });
      const browser = new Browser(ctx.app);
      await browser.login(staff.username, password);
      // `watcher` looks at pg_stat_activity from outside: inside `other`'s transaction it would be a snapshot.
      const [other, watcher] = await twoClients();
      try {
        // Another session holds the signing user's row, which the sign's event row must reference, and will
        // then want the task the sign has just updated. It waits 10 s before checking for a deadlock, the
        // request's transaction the default 1 s, so it is the request that PostgreSQL aborts.
        await other.query("BEGIN");
        await other.query("SET LOCAL deadlock_timeout = '10s'");
        await other.query("SELECT id FROM users WHERE id = $1 FOR UPDATE", [staff.id]);
        const sign = browser.post(`/tasks/${task.id}/sign`, {}, `/tasks/${task.id}`);
        // Wait until the request's transaction is blocked on the user row, holding the task.
        for (let i = 0; i < 100; i++) {
          const { rows } = await watcher.query<{ n: string }>(
            "SELECT count(*)::text AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()",
          );
          if (rows[0]!.n !== "0") break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        const otherWrite = other.query("UPDATE tasks SET title = '另一处修改' WHERE id = $1", [task.id]);
        const refused = await sign;
        expect(refused.statusCode).toBe(409);
        expect(textOf(refused.body)).toContain(
          "与其他人的操作同时提交，发生冲突，本次操作没有执行，请重试。",
        );
        await otherWrite;
        await other.query("COMMIT");
      } finally {
        await Promise.all([other.end(), watcher.end()]);
      }
      const after = await db.task.findUniqueOrThrow({ where: { id: task.id } });
      expect(after).toMatchObject({ state: "assigned", signedAt: null, title: "另一处修改" });
      expect(await db.taskEvent.count({ where: { taskId: task.id, action: "sign" } })).toBe(0);

      const retried = await browser.post(`/tasks/${task.id}/sign`, {}, `/tasks/${task.id}`);
      expect(retried.statusCode).toBe(303);
      expect(await db.task.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({
        state: "in_progress",
      });
    },
  );
});

describe("cached pages", () => {
  it("show a write made straight to the database on the next view", async () => {
    const db = ctx.db;
    const office = await createUser(db, { role: "office" });
    const unit = await createUnit(db, { name: "区缓存局" });
    await createTask(db, { leadUnitId: unit.id, deadline: "2026-11-01", state: "in_progress" });
    const browser = new Browser(ctx.app);
    await browser.login(office.username, password);
    const ledger = `/tasks?unitId=${unit.id}&light=red`;
    const overdueOnDashboard = async () => {
      const html = (await browser.get(`/dashboard?unitId=${unit.id}`)).body;
      return Number(
        /<li class="stat red"><span class="n"><a class="fig[^"]*" data-n="(\d+)"/.exec(html)?.[1],
      );
    };

    expect(textOf((await browser.get(ledger)).body)).toContain("共 1 项");
    expect(await overdueOnDashboard()).toBe(1);

    // Another process (a script, the CLI, a second app instance) adds an overdue co-operated task.
    const other = await createUnit(db);
    await createTask(db, { leadUnitId: other.id, coUnitIds: [unit.id], deadline: "2026-10-01" });
    expect(textOf((await browser.get(ledger)).body)).toContain("共 2 项");
    expect(await overdueOnDashboard()).toBe(2);

    // A renamed unit shows in the ledger's filter list at once.
    await db.$executeRaw`UPDATE units SET name = '区缓存管理局' WHERE id = ${unit.id}`;
    expect((await browser.get(ledger)).body).toContain("区缓存管理局");
  });

  it("are refused to a unit even when the office's copy is kept", async () => {
    const db = ctx.db;
    const office = await createUser(db, { role: "office" });
    const unit = await createUnit(db);
    const unitUser = await createUser(db, { role: "unit", unitId: unit.id });
    const officeBrowser = new Browser(ctx.app);
    await officeBrowser.login(office.username, password);
    const unitBrowser = new Browser(ctx.app);
    await unitBrowser.login(unitUser.username, password);
    for (const url of [`/tasks?unitId=${unit.id}`, `/dashboard?unitId=${unit.id}`]) {
      expect((await officeBrowser.get(url)).statusCode, url).toBe(200);
      const refused = await unitBrowser.get(url);
      expect(refused.statusCode, url).toBe(403);
      expect(textOf(refused.body)).toContain("没有权限");
    }
  });

  it("are served from the cache while the version stands still", async () => {
    const db = ctx.db;
    const office = await createUser(db, { role: "office" });
    const unit = await createUnit(db);
    await createTask(db, { leadUnitId: unit.id, title: "原来的名称" });
    const browser = new Browser(ctx.app);
    await browser.login(office.username, password);
    const ledger = `/tasks?unitId=${unit.id}`;
    expect((await browser.get(ledger)).body).toContain("原来的名称");

    // A write the version does not see (its trigger switched off) stays invisible: the page came from the cache.
    await db.$transaction([
      db.$executeRawUnsafe("ALTER TABLE tasks DISABLE TRIGGER bump_data_version"),
      db.$executeRaw`UPDATE tasks SET title = '悄悄改的名称' WHERE lead_unit_id = ${unit.id}`,
      db.$executeRawUnsafe("ALTER TABLE tasks ENABLE TRIGGER bump_data_version"),
    ]);
    expect((await browser.get(ledger)).body).toContain("原来的名称");

    await db.$executeRaw`UPDATE tasks SET title = '正式改的名称' WHERE lead_unit_id = ${unit.id}`;
    expect((await browser.get(ledger)).body).toContain("正式改的名称");
  });
});

describe("caches under writes", () => {
  /** A computation that ends when the test says, counting how many were started. */
  function gate() {
    const started: string[] = [];
    const releases: (() => void)[] = [];
    const compute =
      (value: string, fail = false) =>
      async () => {
        started.push(value);
        await new Promise<void>((resolve) => releases.push(resolve));
        if (fail) throw new Error(`${value} failed`);
        return { v: value };
      };
    const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
    /** Ends every computation started so far (after letting those just asked for start). */
    const releaseAll = async () => {
      await tick();
      while (releases.length) releases.shift()!();
      await tick();
    };
    return { started, compute, releaseAll };
  }

  it("runs one computation at a time for a key: requests under newer versions share the next one", async () => {
    const { versionedCache } = await import("../../src/db/data-version.ts");
    const cache = versionedCache<{ v: string }>(10);
    const { started, compute, releaseAll } = gate();
    const first = cache.get(ctx.db, "1", "k", compute("one"));
    const again = cache.get(ctx.db, "1", "k", compute("one again"));
    // Two writes later two readers arrive while version 1's count runs: they wait and share one recount.
    const second = cache.get(ctx.db, "2", "k", compute("two"));
    const third = cache.get(ctx.db, "3", "k", compute("three"));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(started).toEqual(["one"]);
    await releaseAll();
    expect(await first).toEqual({ v: "one" });
    expect(await again).toEqual({ v: "one" });
    expect(started).toEqual(["one", "three"]);
    await releaseAll();
    expect(await second).toEqual({ v: "three" });
    expect(await third).toEqual({ v: "three" });
    // Kept under version 3, it serves a request that read version 2 or 3 without counting again.
    expect(await cache.get(ctx.db, "2", "k", compute("not run"))).toEqual({ v: "three" });
    expect(await cache.get(ctx.db, "3", "k", compute("not run"))).toEqual({ v: "three" });
    expect(started).toEqual(["one", "three"]);
    // Another key is counted on its own, at the same time.
    const other = cache.get(ctx.db, "3", "other", compute("other"));
    const fourth = cache.get(ctx.db, "4", "k", compute("four"));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(started).toEqual(["one", "three", "other", "four"]);
    await releaseAll();
    expect([await other, await fourth]).toEqual([{ v: "other" }, { v: "four" }]);
  });

  it("does not keep a failed computation, and the requests queued behind it still get theirs", async () => {
    const { versionedCache } = await import("../../src/db/data-version.ts");
    const cache = versionedCache<{ v: string }>(10);
    const { started, compute, releaseAll } = gate();
    const failing = cache.get(ctx.db, "1", "k", compute("one", true));
    const queued = cache.get(ctx.db, "2", "k", compute("two"));
    await releaseAll();
    await expect(failing).rejects.toThrow("one failed");
    await releaseAll();
    expect(await queued).toEqual({ v: "two" });
    expect(await cache.get(ctx.db, "1", "k", compute("not run"))).toEqual({ v: "two" });
    expect(started).toEqual(["one", "two"]);
  });

  it("never fails a request whose key was pushed out while it was computed", async () => {
    const { versionedCache } = await import("../../src/db/data-version.ts");
    const cache = versionedCache<{ v: string }>(1);
    const { compute, releaseAll } = gate();
    const old = cache.get(ctx.db, "1", "a", compute("a"));
    // Another key takes the only slot while the first is still being computed.
    const other = cache.get(ctx.db, "1", "b", compute("b"));
    await releaseAll();
    expect(await old).toEqual({ v: "a" });
    expect(await other).toEqual({ v: "b" });
  });

  it("serves every page load while another person writes every few milliseconds", async () => {
    const db = ctx.db;
    const unit = await createUnit(db);
    const reader = await createUser(db, { role: "leader" });
    const browser = new Browser(ctx.app);
    expect((await browser.login(reader.username, password)).statusCode).toBe(303);
    let writing = true;
    const writer = (async () => {
      let n = 0;
      while (writing) {
        // Each statement moves the data version.
        await db.unit.update({ where: { id: unit.id }, data: { shortName: `简称${n++}` } });
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    const statuses: number[] = [];
    for (let round = 0; round < 20; round++) {
      const batch = await Promise.all(
        ["/", "/tasks", "/dashboard", "/tasks?state=assigned"].map((p) => browser.get(p)),
      );
      statuses.push(...batch.map((r) => r.statusCode));
    }
    writing = false;
    await writer;
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(statuses).toHaveLength(80);
  });
});
