// The server process as an operator runs it: first start seeds the demo district on the embedded database,
// each demo role signs in to its own navigation, and SIGTERM in the middle of writes loses nothing.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/open-database.ts";
import { onPostgres } from "../helpers/database.ts";
import { HttpClient, type ServerProcess, startServer } from "../helpers/server-process.ts";

let dir: string;
let server: ServerProcess;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "duban-server-"));
  server = await startServer({ DATA_DIR: dir, DATABASE_URL: path.join(dir, "db"), LOG_LEVEL: "info" });
}, 120_000);
afterAll(async () => {
  if (server.child.exitCode === null) {
    server.child.kill("SIGKILL");
    await server.exited;
  }
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(onPostgres)("first start on the embedded database", () => {
  it("seeds the demo district and prints where to log in", () => {
    const out = server.output();
    expect(out).toContain(`督办系统已启动：${server.url}`);
    expect(out).toContain("已写入演示数据");
    for (const name of ["ducha", "lingdao", "shuiwu", "duban2021"]) expect(out).toContain(name);
  });

  it.each([
    ["ducha", ["工作台", "单位名录", "账号管理"], []],
    ["lingdao", ["督办总览"], ["单位名录", "账号管理"]],
    ["shuiwu", ["本单位事项"], ["单位名录", "账号管理"]],
  ])(
    "lets %s log in and shows that role's navigation and the demo banner",
    async (username, shown, hidden) => {
      const client = new HttpClient(server.url);
      expect((await client.get("/login")).status).toBe(200);
      const login = await client.post("/login", { username, password: "duban2021" }, "/login");
      expect(login.status).toBe(303);
      const home = await (await client.get("/")).text();
      const nav = /<nav[^>]*>([\s\S]*?)<\/nav>/.exec(home)?.[1] ?? "";
      for (const label of shown) expect(nav).toContain(label);
      for (const label of hidden) expect(nav).not.toContain(label);
      expect(home).toContain("演示数据");
      if (username === "shuiwu") expect(home).toContain("区水务局");
    },
  );

  it("finishes in-flight writes on SIGTERM, then closes the database cleanly", async () => {
    const office = new HttpClient(server.url);
    await office.post("/login", { username: "ducha", password: "duban2021" }, "/login");
    const page = await (await office.get("/users")).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;

    // Each account creation hashes a password (tens of ms), so many are in flight when the signal lands.
    const names = Array.from({ length: 24 }, (_, i) => `sigterm${i}`);
    const posts = names.map((username) =>
      office
        .postWithToken("/users", csrf, { username, name: "停机测试", role: "leader", password: "abcdefg123" })
        .then((res) => ({ username, status: res.status }))
        .catch(() => ({ username, status: 0 })),
    );
    await new Promise((resolve) => setTimeout(resolve, 40));
    server.child.kill("SIGTERM");
    const results = await Promise.all(posts);
    expect(await server.exited).toBe(0);
    const log = server
      .output()
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l));
    const signalAt = log.findIndex((l) => l.msg === "shutting down");
    expect(log.at(-1).msg).toBe("closed cleanly");
    // At least one account creation was still running when the signal came, and it finished.
    expect(log.slice(signalAt).some((l) => l.msg === "request completed" && l.res?.statusCode === 303)).toBe(
      true,
    );

    // Every request either completed (and its row is there) or was refused before it began (and is not).
    const created = results.filter((r) => r.status === 303).map((r) => r.username);
    expect(results.every((r) => [303, 503, 0].includes(r.status))).toBe(true);

    const reopened = await openDatabase(path.join(dir, "db"));
    try {
      const rows = await reopened.prisma.user.findMany({ where: { username: { startsWith: "sigterm" } } });
      expect(rows.map((r) => r.username).sort()).toEqual(created.sort());
      expect(await reopened.prisma.unit.count()).toBeGreaterThanOrEqual(20);
    } finally {
      await reopened.close();
    }
  });
});
