// The only way the app gets a Prisma client: embedded PGlite in a directory (the default) or PostgreSQL for
// postgres:// URLs. Pending migrations are applied before the client is handed out.
import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { type Prisma, PrismaClient } from "../generated/prisma/client.ts";
import { applyMigrations, listMigrations, type SqlSession, withAdvisoryLock } from "./migrations.ts";

export type Db = PrismaClient;

/** The db or an open transaction: repository functions take either, so transactions compose. */
export type Tx = Db | Prisma.TransactionClient;

export type Database = {
  prisma: Db;
  kind: "pglite" | "postgres";
  /** Migrations applied by this open, in order. */
  applied: string[];
  close: () => Promise<void>;
};

export type OpenOptions = {
  /** Skip the migration step (the migration tests drive the runner themselves). */
  migrate?: boolean;
  /** A PGlite data directory dump (from dumpDataDir) to start an in-memory database from. */
  loadDataDir?: Blob;
  poolSize?: number;
};

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

export async function openDatabase(url: string, options: OpenOptions = {}): Promise<Database> {
  return isPostgresUrl(url) ? openPostgres(url, options) : openPglite(url, options);
}

async function openPglite(url: string, options: OpenOptions): Promise<Database> {
  const inMemory = url === "memory://";
  const dir = url.replace(/^file:/, "");
  if (!inMemory) await mkdir(dir, { recursive: true });
  const pglite = await PGlite.create(inMemory ? undefined : dir, { loadDataDir: options.loadDataDir });
  try {
    const applied =
      options.migrate === false ? [] : await applyMigrations(pgliteSession(pglite), await listMigrations());
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
    return {
      prisma,
      kind: "pglite",
      applied,
      close: async () => {
        await prisma.$disconnect();
        await pglite.close();
      },
    };
  } catch (error) {
    await pglite.close();
    throw error;
  }
}

async function openPostgres(url: string, options: OpenOptions): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  // An idle connection dropped by the server (a restart, a failover) must not crash the process; the pool
  // replaces it on next use. Without a listener, pg re-throws the error as an uncaught exception.
  pool.on("error", (error) => process.emitWarning(`PostgreSQL 空闲连接断开：${error.message}`));
  try {
    // The advisory lock is per connection, so the whole migration run holds one client.
    const client = await pool.connect();
    let applied: string[] = [];
    try {
      if (options.migrate !== false)
        applied = await applyMigrations(pgSession(client), await listMigrations());
    } finally {
      client.release();
    }
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    return {
      prisma,
      kind: "postgres",
      applied,
      close: async () => {
        await prisma.$disconnect();
        await pool.end().catch(() => {});
      },
    };
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
}

type PgliteQueryable = Pick<PGlite, "query" | "exec">;

/**
 * PGlite is one connection shared by the whole process, so an advisory lock cannot exclude a second runner
 * there; its transaction can: PGlite runs nothing else until the transaction ends.
 */
export function pgliteSession(pglite: PGlite): SqlSession {
  const over = (q: PgliteQueryable): SqlSession => ({
    query: async (sql, params) => ({ rows: (await q.query<Record<string, unknown>>(sql, params)).rows }),
    exec: async (sql) => {
      await q.exec(sql);
    },
    exclusive: (fn) => pglite.transaction((tx) => fn(over(tx))),
  });
  return over(pglite);
}

export function pgSession(client: pg.ClientBase): SqlSession {
  const session: SqlSession = {
    query: async (sql, params) => ({ rows: (await client.query(sql, params)).rows }),
    exec: async (sql) => {
      await client.query(sql);
    },
    exclusive: (fn) => withAdvisoryLock(session, () => fn(session)),
  };
  return session;
}
