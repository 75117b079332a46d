// `duban user create`, `duban seed`, `duban migrate`, `duban remind` and the extract/deadline JSON-lines batch, run as an operator would, against the backend under test.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/open-database.ts";
import { createWorkCalendar } from "../../src/extract/calendar.ts";
import { addDays, shanghaiToday } from "../../src/shared/calendar-date.ts";
import { onPostgres } from "../helpers/database.ts";
import { dropDatabase, urlForDatabase, withDatabase } from "../helpers/postgres.ts";
import { startServer } from "../helpers/server-process.ts";

const run = promisify(execFile);
let databaseUrl: string;
let dir: string;
let drop = async () => {};

async function duban(args: string[], input?: string) {
  const child = run(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], {
    env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl, DATA_DIR: dir, LOG_LEVEL: "warn" },
  });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  }
  try {
    const { stdout, stderr } = await child;
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "duban-cli-"));
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    databaseUrl = path.join(dir, "db");
    return;
  }
  const name = `duban_cli_${Math.random().toString(16).slice(2, 10)}`;
  await withDatabase(url, "postgres", (c) => c.query(`CREATE DATABASE "${name}"`));
  databaseUrl = urlForDatabase(url, name);
  drop = () => dropDatabase(url, name);
}, 60_000);
afterAll(async () => {
  await drop();
  await rm(dir, { recursive: true, force: true });
});

describe("duban command line", () => {
  it("migrates an empty database once", async () => {
    const first = await duban(["migrate"]);
    expect(first).toMatchObject({ code: 0 });
    expect(first.out).toContain("已执行迁移");
    expect((await duban(["migrate"])).out).toContain("数据库已是最新");
  }, 60_000);

  it.runIf(onPostgres)(
    "starts on PostgreSQL without demo data",
    async () => {
      const server = await startServer({ DATA_DIR: dir, DATABASE_URL: databaseUrl });
      try {
        expect(server.output()).not.toContain("已写入演示数据");
        expect((await fetch(`${server.url}/login`)).status).toBe(200);
      } finally {
        server.child.kill("SIGTERM");
        expect(await server.exited).toBe(0);
      }
      const db = await openDatabase(databaseUrl);
      expect(await db.prisma.user.count()).toBe(0);
      await db.close();
    },
    60_000,
  );

  it("creates the first office account, reading the password from standard input", async () => {
    const res = await duban(
      ["user", "create", "--username", "admin", "--name", "系统管理员", "--role", "office"],
      "guanli2021\n",
    );
    expect(res.out).toContain("已创建账号 admin（系统管理员）");
    expect(res.code).toBe(0);
  }, 60_000);

  it("refuses a taken name, a bad role or an unknown unit in Chinese and creates nothing", async () => {
    const createAccount = (...flags: string[]) =>
      duban(["user", "create", ...flags, "--password", "abcdefg123"]);
    const taken = await createAccount("--username", "admin", "--name", "重复", "--role", "office");
    expect(taken).toMatchObject({ code: 1 });
    expect(taken.out).toContain("用户名“admin”已被使用");
    const role = await createAccount("--username", "x1y", "--name", "某", "--role", "boss");
    expect(role.code).toBe(1);
    expect(role.out).toContain("role");
    const unit = await createAccount(
      "--username",
      "x2y",
      "--name",
      "某",
      "--role",
      "unit",
      "--unit",
      "火星局",
    );
    expect(unit.code).toBe(1);
    expect(unit.out).toContain("单位名录中没有“火星局”");
    const db = await openDatabase(databaseUrl);
    expect(await db.prisma.user.count()).toBe(1);
    await db.close();
  }, 60_000);

  it("seeds the demo district on request, once", async () => {
    const first = await duban(["seed"]);
    expect(first.code).toBe(0);
    expect(first.out).toContain("已写入演示数据");
    const again = await duban(["seed"]);
    expect(again.code).toBe(1);
    expect(again.out).toContain("演示账号已存在");
    const db = await openDatabase(databaseUrl);
    try {
      expect(await db.prisma.unit.count()).toBeGreaterThanOrEqual(20);
      expect(await db.prisma.user.count({ where: { demo: true } })).toBeGreaterThanOrEqual(23);
      const shuiwu = await db.prisma.user.findUniqueOrThrow({
        where: { username: "shuiwu" },
        include: { unit: true },
      });
      expect(shuiwu.unit?.name).toBe("区水务局");
      expect(await db.prisma.meeting.count()).toBe(1);
    } finally {
      await db.close();
    }
  }, 60_000);

  it("shows who would get which reminders on a day, then generates them once", async () => {
    // The demo tasks were handed out today and most are not signed for: the day after their 2 working days
    // is a day with mail for several units.
    const seededOn = shanghaiToday(new Date());
    const day = addDays(createWorkCalendar([]).addWorkdays(seededOn, 2).date, 1);
    const dry = await duban(["remind", "--date", day, "--dry-run"]);
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(new RegExp(`${day}：\\d+ 条提醒，\\d+ 封邮件`));
    expect(dry.out).toContain("收件人：");
    expect(dry.out).toContain("交办后未签收");
    const db = await openDatabase(databaseUrl);
    expect(await db.prisma.outboxEmail.count()).toBe(0);
    await db.close();
    const real = await duban(["remind", "--date", day]);
    expect(real.code).toBe(0);
    expect(real.out).toMatch(/已生成 \d+ 条提醒/);
    expect(real.out).toContain("未设置 SMTP_URL，邮件保留在发送队列中");
    expect((await duban(["remind", "--date", day])).out).toContain("这一天的提醒已经生成过");
    const after = await openDatabase(databaseUrl);
    expect(await after.prisma.outboxEmail.count()).toBeGreaterThan(0);
    await after.close();
    expect((await duban(["remind", "--date", "明天"])).code).toBe(2);
  }, 90_000);

  it("says when another process holds the day's run, or when it failed and will be retried", async () => {
    const day = "2027-03-01";
    const db = await openDatabase(databaseUrl);
    // Another instance started the run a minute ago and has not finished.
    await db.prisma.jobRun.create({
      data: { job: "reminders", slot: day, startedAt: new Date(Date.now() - 60_000) },
    });
    await db.close();
    const running = await duban(["remind", "--date", day]);
    expect(running.code).toBe(0);
    expect(running.out).toContain("正在由另一进程生成");
    expect(running.out).not.toContain("已经生成过");

    const again = await openDatabase(databaseUrl);
    await again.prisma.jobRun.update({
      where: { job_slot: { job: "reminders", slot: day } },
      data: { error: "connection terminated" },
    });
    await again.close();
    const failed = await duban(["remind", "--date", day]);
    expect(failed.out).toMatch(/上次生成失败（connection terminated），将于 .+ 后自动重试/);
  }, 90_000);

  it("answers JSON lines one by one, a bad line with an error in Chinese", async () => {
    const lines = [
      JSON.stringify({ id: "a", date: "2021-05-10", text: "会议要求，年底前完成全部改造任务。" }),
      "不是 JSON",
      JSON.stringify({
        id: "b",
        date: "2021-05-10",
        text: "会议要求，区水务局要在6月底前完成除险加固任务。",
      }),
    ].join("\n");
    /** The command's answer to every line, each a JSON line; it exits 0 even when a line is not JSON. */
    const answersTo = async (command: string) => {
      const { code, out } = await duban([command, "--jsonl"], `${lines}\n`);
      expect(code).toBe(0);
      return out
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
    };
    const answers = await answersTo("deadline");
    expect(answers).toMatchObject([
      { id: "a", deadline: "2021-12-31" },
      { id: null, deadline: null, error: "无法处理该行：不是有效的 JSON" },
      { id: "b", deadline: "2021-06-30" },
    ]);
    const found = await answersTo("extract");
    expect(found.map((f) => f.id)).toEqual(["a", null, "b"]);
    expect(found[1]).toEqual({ id: null, directives: [], error: "无法处理该行：不是有效的 JSON" });
    expect(found[2].directives[0]).toMatchObject({ deadline: "2021-06-30" });
  });

  it("explains its usage in Chinese", async () => {
    const res = await duban(["frobnicate"]);
    expect(res.code).toBe(2);
    expect(res.out).toContain("用法：duban <命令>");
  });
});
