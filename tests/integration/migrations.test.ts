// The start-up migration runner, on the backend under test: a fresh database, a re-run, an edited migration,
// a half-applied one, and two runners at once.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { applyMigrations, listMigrations, MigrationError, type SqlSession } from "../../src/db/migrations.ts";
import { openDatabase, pgliteSession, pgSession } from "../../src/db/open-database.ts";
import { onPostgres } from "../helpers/database.ts";
import { dropDatabase, urlForDatabase, withDatabase } from "../helpers/postgres.ts";

/** A fresh, empty database and ways to reach it: sessions for the runner, a URL for openDatabase (PostgreSQL). */
type Fresh = {
  session: () => Promise<SqlSession>;
  query: (sql: string) => Promise<Record<string, unknown>[]>;
  url?: string;
};

let pglite: PGlite | undefined;
const clients: pg.Client[] = [];
const databases: string[] = [];
let dir: string;

beforeAll(async () => {
  if (!onPostgres) pglite = await PGlite.create();
});
afterAll(async () => {
  await pglite?.close();
  await Promise.all(clients.map((c) => c.end()));
  const url = process.env.TEST_DATABASE_URL;
  if (url) for (const name of databases) await dropDatabase(url, name);
});
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "duban-migrations-"));
  return () => rm(dir, { recursive: true, force: true });
});

async function fresh(): Promise<Fresh> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const db = pglite!;
    await db.exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
    return {
      session: async () => pgliteSession(db),
      query: async (sql) => (await db.query<Record<string, unknown>>(sql)).rows,
    };
  }
  const name = `duban_mig_${Math.random().toString(16).slice(2, 10)}`;
  databases.push(name);
  await withDatabase(url, "postgres", (c) => c.query(`CREATE DATABASE "${name}"`));
  const connect = async () => {
    const client = new pg.Client({ connectionString: urlForDatabase(url, name) });
    await client.connect();
    clients.push(client);
    return client;
  };
  const reader = await connect();
  return {
    session: async () => pgSession(await connect()),
    query: async (sql) => (await reader.query(sql)).rows,
    url: urlForDatabase(url, name),
  };
}

/** A fresh database with one migration, "a", written and applied. */
async function firstApplied() {
  const db = await fresh();
  await writeMigration("20200101000000_a", "CREATE TABLE a (id int);");
  const session = await db.session();
  const applied = await applyMigrations(session, await listMigrations(dir));
  return { db, session, applied };
}

async function writeMigration(name: string, sql: string) {
  await mkdir(path.join(dir, name), { recursive: true });
  await writeFile(path.join(dir, name, "migration.sql"), sql);
}

describe("migration runner", () => {
  it("applies the committed migrations to a fresh database, with Prisma's bookkeeping", async () => {
    const db = await fresh();
    const migrations = await listMigrations();
    expect(migrations.length).toBeGreaterThan(0);
    const applied = await applyMigrations(await db.session(), migrations);
    expect(applied).toEqual(migrations.map((m) => m.name));
    const rows = await db.query(
      `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((r) => r.migration_name)).toEqual(applied);
    expect(rows.every((r) => r.finished_at !== null && r.applied_steps_count === 1)).toBe(true);
    expect(rows[0]!.checksum).toBe(migrations[0]!.checksum);
    const tables = await db.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
    expect(tables.map((t) => t.tablename)).toEqual(
      expect.arrayContaining(["tasks", "units", "users", "email_outbox"]),
    );
  });

  it("fills tasks.unit_ids for the tasks a database already holds when it upgrades", async () => {
    const db = await fresh();
    const session = await db.session();
    const all = await listMigrations();
    const upgrade = all.findIndex((m) => m.name.endsWith("_unit_ids_data_version"));
    await applyMigrations(session, all.slice(0, upgrade));
    await session.exec(`
      INSERT INTO units (id, name, updated_at) VALUES (1, '区水务局', now()), (2, '区财政局', now()), (3, '区住建局', now());
      INSERT INTO tasks (id, title, lead_unit_id, updated_at) VALUES (1, '河道清淤', 3, now()), (2, '预算调整', NULL, now());
      INSERT INTO task_co_units (task_id, unit_id) VALUES (1, 2), (1, 1), (2, 2);`);
    await applyMigrations(session, all);
    const rows = await db.query("SELECT id, unit_ids FROM tasks ORDER BY id");
    expect(rows).toEqual([
      { id: 1, unit_ids: [3, 1, 2] },
      { id: 2, unit_ids: [2] },
    ]);
    // One version row per shard (20261203120000_data_version_shards), all at 0 before anything is written.
    expect(await db.query("SELECT count(*)::int AS n, sum(version)::int AS sum FROM data_version")).toEqual([
      { n: 64, sum: 0 },
    ]);
  });

  it("does nothing on a re-run", async () => {
    const { db, session, applied } = await firstApplied();
    expect(applied).toEqual(["20200101000000_a"]);
    expect(await applyMigrations(session, await listMigrations(dir))).toEqual([]);
    expect(await db.query(`SELECT count(*)::int AS n FROM "_prisma_migrations"`)).toEqual([{ n: 1 }]);
  });

  it("applies only what is new, in name order", async () => {
    const { session } = await firstApplied();
    await writeMigration("20200301000000_c", "ALTER TABLE b ADD COLUMN c int;");
    await writeMigration("20200201000000_b", "CREATE TABLE b (id int);");
    expect(await applyMigrations(session, await listMigrations(dir))).toEqual([
      "20200201000000_b",
      "20200301000000_c",
    ]);
  });

  it("reports a migration edited after it was applied, and applies nothing more", async () => {
    const { db, session } = await firstApplied();
    await writeMigration("20200101000000_a", "CREATE TABLE a (id bigint);");
    await writeMigration("20200201000000_b", "CREATE TABLE b (id int);");
    const run = applyMigrations(session, await listMigrations(dir));
    await expect(run).rejects.toThrow(MigrationError);
    await expect(run).rejects.toThrow("已执行的迁移文件被修改过：20200101000000_a");
    expect(await db.query("SELECT tablename FROM pg_tables WHERE tablename = 'b'")).toEqual([]);
  });

  it("refuses to go on past a migration that started and never finished", async () => {
    const { session } = await firstApplied();
    await session.query(`UPDATE "_prisma_migrations" SET finished_at = NULL`);
    await writeMigration("20200201000000_b", "CREATE TABLE b (id int);");
    await expect(applyMigrations(session, await listMigrations(dir))).rejects.toThrow(
      "上次开始执行但没有完成",
    );
  });

  it("leaves a failed migration recorded as unfinished (PostgreSQL) or not at all (PGlite), never as applied", async () => {
    const db = await fresh();
    await writeMigration("20200101000000_bad", "CREATE TABLE a (id int); SELECT no_such_function();");
    const session = await db.session();
    await expect(applyMigrations(session, await listMigrations(dir))).rejects.toThrow();
    const rows = await db.query(`SELECT finished_at FROM "_prisma_migrations"`).catch(() => []);
    expect(rows.every((r) => r.finished_at === null)).toBe(true);
  });

  it("applies each migration once when two runners start together", async () => {
    const db = await fresh();
    for (let i = 1; i <= 5; i++) {
      await writeMigration(`2020010${i}000000_m${i}`, `CREATE TABLE m${i} (id int); SELECT pg_sleep(0.05);`);
    }
    const migrations = await listMigrations(dir);
    const [first, second] = await Promise.all([
      applyMigrations(await db.session(), migrations),
      applyMigrations(await db.session(), migrations),
    ]);
    expect([...first, ...second].sort()).toEqual(migrations.map((m) => m.name));
    expect(await db.query(`SELECT count(*)::int AS n FROM "_prisma_migrations"`)).toEqual([{ n: 5 }]);
  });

  it.runIf(onPostgres)("lets two app instances open one new PostgreSQL database at once", async () => {
    const db = await fresh();
    const [a, b] = await Promise.all([openDatabase(db.url!), openDatabase(db.url!)]);
    try {
      const all = (await listMigrations()).map((m) => m.name);
      expect([...a.applied, ...b.applied].sort()).toEqual(all);
      expect(await a.prisma.unit.count()).toBe(0);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
