// The only way the app gets a Prisma client: embedded PGlite in a directory (the default) or PostgreSQL for
// postgres:// URLs. Pending migrations are applied before the client is handed out. A PGlite directory is
// locked first (directory-lock.ts): one process per directory.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { type Prisma, PrismaClient } from "../generated/prisma/client.ts";
import { acquireDirectoryLock } from "./directory-lock.ts";
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
  /** Who is opening, named in the lock a second opener is refused with: "npm start", "duban remind". */
  command?: string;
};

/** A PGlite directory that exists but will not open: usually damaged by a crash or by two processes at once. */
export class DatabaseUnreadableError extends Error {
  readonly exitCode = 74; // EX_IOERR
  constructor(dir: string, cause: unknown) {
    const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(
      [
        `无法打开内嵌数据库 ${dir}（PGlite：${reason.split("\n")[0]}）。数据目录很可能在上次异常退出（断电、进程被强制结束，或两个进程同时使用了它）时损坏。`,
        "恢复办法：",
        "1. 停止所有使用该目录的进程（督办服务和 duban 命令）；",
        `2. 先把整个目录原样复制一份留存（如 cp -a ${dir} ${dir}.damaged），不要在原目录上反复尝试；`,
        "3. 用最近一次的备份替换该目录；如果其中只有演示数据，可以直接删除该目录，下次启动会重新建库并写入演示数据。",
        "详见 README 中的 “Embedded database locked or damaged”。",
      ].join("\n"),
      { cause },
    );
    this.name = "DatabaseUnreadableError";
  }
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

export async function openDatabase(url: string, options: OpenOptions = {}): Promise<Database> {
  return isPostgresUrl(url) ? openPostgres(url, options) : openPglite(url, options);
}

async function openPglite(url: string, options: OpenOptions): Promise<Database> {
  if (url === "memory://")
    return startPglite(await PGlite.create(undefined, { loadDataDir: options.loadDataDir }), options);
  const dir = url.replace(/^file:/, "");
  await mkdir(dir, { recursive: true });
  const lock = await acquireDirectoryLock(dir, {
    command: options.command ?? `node ${path.basename(process.argv[1] ?? "")}`,
    shownAs: dir,
  });
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(dir, { loadDataDir: options.loadDataDir });
  } catch (error) {
    await lock.release();
    // A damaged directory makes PGlite abort inside WebAssembly ("RuntimeError: Aborted()"), which tells an
    // operator nothing about what happened or what to do.
    throw new DatabaseUnreadableError(dir, error);
  }
  return startPglite(pglite, options, dir, lock.release);
}

async function startPglite(
  pglite: PGlite,
  options: OpenOptions,
  dir?: string,
  release: () => Promise<void> = async () => {},
): Promise<Database> {
  try {
    const applied =
      options.migrate === false ? [] : await applyMigrations(pgliteSession(pglite), await listMigrations());
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
    return {
      prisma,
      kind: "pglite",
      applied,
      close: async () => {
        try {
          await prisma.$disconnect();
          await pglite.close();
        } finally {
          await release();
        }
      },
    };
  } catch (error) {
    await pglite.close().catch(() => {});
    await release();
    // Some damage shows only once the first statements read the catalog.
    if (dir && error instanceof Error && error.name === "RuntimeError")
      throw new DatabaseUnreadableError(dir, error);
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
