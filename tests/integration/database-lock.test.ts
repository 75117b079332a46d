// One process per embedded data directory (issue 11): two processes on one PGlite directory corrupt it without a
// word, so a second opener, in this process or another, is refused with a message naming the holder; a lock left
// by a process that is gone is taken over; a damaged directory gets the recovery instead of "RuntimeError: Aborted()".
import { execFile, spawn } from "node:child_process";
import { access, cp, mkdir, mkdtemp, readFile, realpath, rm, truncate, writeFile } from "node:fs/promises";
import os, { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { acquireDirectoryLock, DatabaseLockedError } from "../../src/db/directory-lock.ts";
import { type Database, openDatabase } from "../../src/db/open-database.ts";
import { freePort } from "../helpers/server-process.ts";

const execFileAsync = promisify(execFile);
const MARKER = "锁测试局";
let root: string;
let dataDir: string;
let lockFile: string;
let db: Database | null = null;

/** A child process of this Node with tsx, as an operator would run it; never throws. */
async function node(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, ["--import", "tsx", ...args], {
      env: { PATH: process.env.PATH, DATABASE_URL: dataDir, DATA_DIR: root, LOG_LEVEL: "warn", ...env },
      timeout: 50_000,
    });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

/** The PID of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""]);
  await new Promise((resolve) => child.on("exit", resolve));
  return child.pid as number;
}

function lockContent(fields: Record<string, unknown>): string {
  return JSON.stringify({
    startedAt: "2026-12-01T00:30:00.000Z",
    command: "npm start",
    token: "t",
    ...fields,
  });
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "duban-lock-"));
  dataDir = path.join(root, "db");
  // The run's migrated template unpacked into a real directory: cheaper than creating one.
  const template = inject("pgliteTemplate");
  db = await openDatabase(dataDir, {
    command: "npm start",
    ...(template ? { loadDataDir: new Blob([await readFile(template)]) } : {}),
  });
  await db.prisma.unit.create({ data: { name: MARKER } });
  lockFile = `${await realpath(dataDir)}.lock`;
}, 90_000);

afterAll(async () => {
  await db?.close();
  await rm(root, { recursive: true, force: true });
});

describe("one process per embedded data directory", () => {
  it("refuses a second opener in the same process, naming the first, and opens again once it closes", async () => {
    const second = openDatabase(dataDir);
    await expect(second).rejects.toThrow(DatabaseLockedError);
    await expect(second).rejects.toThrow(
      `内嵌数据库 ${dataDir} 正由另一进程使用（进程 ${process.pid}，主机 ${os.hostname()}，自 `,
    );
    await expect(second).rejects.toThrow("命令 npm start）。同一数据目录只能由一个进程打开");

    await db?.close();
    db = null;
    expect(await exists(lockFile)).toBe(false);
    db = await openDatabase(dataDir, { command: "npm start" });
    expect(await db.prisma.unit.count({ where: { name: MARKER } })).toBe(1);
  }, 60_000);

  it("refuses duban commands and a second server in other processes, in Chinese, writing nothing", async () => {
    const held = db as Database;
    const units = await held.prisma.unit.count();
    const [seed, remind, server] = await Promise.all([
      node(["src/cli.ts", "seed"]),
      node(["src/cli.ts", "remind"]),
      node(["src/server.ts"], { HOST: "127.0.0.1", PORT: String(await freePort()) }),
    ]);
    for (const result of [seed, remind, server]) {
      expect(result.out).toContain(`内嵌数据库 ${dataDir} 正由另一进程使用（进程 ${process.pid}，`);
      expect(result.code).toBe(75);
      expect(result.out).not.toMatch(/^\s+at /m);
    }
    expect(remind.out).toContain("运行中的督办服务会按计划自动生成并发送提醒");
    expect(seed.out).toContain("请先停止督办服务，执行 duban seed 后再启动服务");
    expect(server.out).not.toContain("督办系统已启动");

    expect(await held.prisma.unit.count()).toBe(units);
    expect(await held.prisma.user.count()).toBe(0);
    expect(JSON.parse(await readFile(lockFile, "utf8"))).toMatchObject({ pid: process.pid });
  }, 60_000);

  it("takes over a lock left by a process that is gone, and the data is all there", async () => {
    await db?.close();
    db = null;
    await writeFile(lockFile, lockContent({ pid: await deadPid(), host: os.hostname() }));
    db = await openDatabase(dataDir, { command: "npm start" });
    expect(JSON.parse(await readFile(lockFile, "utf8"))).toMatchObject({
      pid: process.pid,
      host: os.hostname(),
      command: "npm start",
    });
    expect(await db.prisma.unit.count({ where: { name: MARKER } })).toBe(1);
  }, 60_000);

  describe("the lock file alone", () => {
    let dir: string;
    let file: string;
    beforeAll(async () => {
      dir = path.join(root, "plain");
      await mkdir(dir);
      file = `${await realpath(dir)}.lock`;
    });

    it("lets exactly one of several racing openers take over a stale lock", async () => {
      await writeFile(file, lockContent({ pid: await deadPid(), host: os.hostname() }));
      const attempts = await Promise.allSettled(
        Array.from({ length: 8 }, () => acquireDirectoryLock(dir, { command: "duban remind" })),
      );
      const won = attempts.filter((a) => a.status === "fulfilled");
      expect(won).toHaveLength(1);
      for (const a of attempts)
        if (a.status === "rejected") expect(a.reason).toBeInstanceOf(DatabaseLockedError);
      await (won[0] as PromiseFulfilledResult<{ release: () => Promise<void> }>).value.release();
      expect(await exists(file)).toBe(false);
    });

    it.runIf(process.platform === "linux")(
      "takes over a lock whose PID now belongs to another process (a restarted container)",
      async () => {
        const bootId = (await readFile("/proc/sys/kernel/random/boot_id", "utf8")).trim();
        // Our own PID, as after a container restart, but not our start.
        await writeFile(
          file,
          lockContent({ pid: process.pid, host: os.hostname(), bootId, processStart: 1 }),
        );
        const lock = await acquireDirectoryLock(dir, { command: "npm start" });
        await lock.release();
      },
    );

    it("refuses a lock held on another host and says how to remove it", async () => {
      await writeFile(file, lockContent({ pid: 4242, host: "gov-srv-2" }));
      const opening = acquireDirectoryLock(dir, { command: "npm start", shownAs: "./data/db" });
      await expect(opening).rejects.toThrow(
        "内嵌数据库 ./data/db 已被另一台主机上的进程锁定（进程 4242，主机 gov-srv-2",
      );
      await expect(opening).rejects.toThrow(`请删除锁文件 ${file} 后再试`);
      await rm(file);
    });

    it("is let go when the process exits without closing", async () => {
      const script = `import { acquireDirectoryLock } from ${JSON.stringify(path.resolve("src/db/directory-lock.ts"))};
        await acquireDirectoryLock(${JSON.stringify(dir)}, { command: "duban remind" });
        console.log("locked");
        process.exit(0);`;
      const result = await node(["--input-type=module", "-e", script]);
      expect(result).toMatchObject({ code: 0, out: "locked\n" });
      expect(await exists(file)).toBe(false);
    }, 30_000);
  });

  it("explains a damaged directory and how to recover it, instead of RuntimeError: Aborted()", async () => {
    await db?.close();
    db = null;
    const damaged = path.join(root, "damaged");
    await cp(dataDir, damaged, { recursive: true });
    await truncate(path.join(damaged, "global", "pg_control"), 0);

    const migrate = await node(["src/cli.ts", "migrate"], { DATABASE_URL: damaged });
    expect(migrate.out).toContain(`无法打开内嵌数据库 ${damaged}（PGlite：RuntimeError: Aborted()`);
    expect(migrate.out).toContain("恢复办法");
    expect(migrate.out).toContain(`cp -a ${damaged} ${damaged}.damaged`);
    expect(migrate.out).toContain("用最近一次的备份替换该目录");
    expect(migrate.out).not.toMatch(/^\s+at /m);
    expect(migrate.code).toBe(74);
    expect(await exists(`${await realpath(damaged)}.lock`)).toBe(false);
  }, 60_000);
});
