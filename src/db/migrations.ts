// Applies committed Prisma migrations at start-up, the way `prisma migrate deploy` does, so the official CLI
// reads the same history as applied and unedited. See ../shared/design/prisma-offline.md.
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const migrationsDir = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));

// The advisory lock id Prisma's own migrate uses, so our runner and Prisma's exclude each other too.
const LOCK_ID = 72707369;

export type Migration = { name: string; sql: string; checksum: string };

/** The narrow SQL surface the runner needs; both PGlite and a pg client fit it. */
export type SqlSession = {
  query: (sql: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;
  exec: (sql: string) => Promise<void>;
  /** Runs fn while no other runner can: an advisory lock on PostgreSQL, PGlite's exclusive transaction. */
  exclusive: <T>(fn: (session: SqlSession) => Promise<T>) => Promise<T>;
};

export class MigrationError extends Error {}

export async function listMigrations(dir = migrationsDir): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const bytes = await readFile(path.join(dir, name, "migration.sql"));
      return {
        name,
        sql: bytes.toString("utf8"),
        checksum: createHash("sha256").update(bytes).digest("hex"),
      };
    }),
  );
}

/** Applies pending migrations in order; returns the names applied. Safe to call from several processes. */
export function applyMigrations(session: SqlSession, migrations: Migration[]): Promise<string[]> {
  return session.exclusive((db) => applyPending(db, migrations));
}

async function applyPending(db: SqlSession, migrations: Migration[]): Promise<string[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    )`);
  const { rows } = await db.query(
    `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
  );
  const applied = new Map(rows.map((r) => [String(r.migration_name), r]));
  for (const row of rows) {
    if (row.finished_at === null) {
      throw new MigrationError(
        `迁移 ${row.migration_name} 上次开始执行但没有完成，数据库可能处于不一致状态，请人工检查后再启动`,
      );
    }
  }
  const known = new Set(migrations.map((m) => m.name));
  const edited = migrations.filter(
    (m) => applied.has(m.name) && applied.get(m.name)?.checksum !== m.checksum,
  );
  if (edited.length > 0) {
    throw new MigrationError(
      `已执行的迁移文件被修改过：${edited.map((m) => m.name).join("、")}。迁移落地后不能再改，请新建一个迁移`,
    );
  }
  const unknown = [...applied.keys()].filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new MigrationError(`数据库中有本程序不认识的迁移：${unknown.join("、")}。请先升级程序`);
  }

  const done: string[] = [];
  for (const m of migrations.filter((m) => !applied.has(m.name))) {
    const id = randomUUID();
    await db.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
         VALUES ($1, $2, $3, now(), 0)`,
      [id, m.checksum, m.name],
    );
    await db.exec(m.sql);
    await db.query(
      `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
      [id],
    );
    done.push(m.name);
  }
  return done;
}

export async function withAdvisoryLock<T>(db: SqlSession, fn: () => Promise<T>): Promise<T> {
  await db.query("SELECT pg_advisory_lock($1)", [LOCK_ID]);
  try {
    return await fn();
  } finally {
    await db.query("SELECT pg_advisory_unlock($1)", [LOCK_ID]);
  }
}
