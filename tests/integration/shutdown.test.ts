// During a graceful shutdown, requests already running finish and requests that still arrive on open connections
// get a Chinese 503 (HTML for pages, JSON for the API) instead of Fastify's English JSON.
import net from "node:net";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/open-database.ts";
import { Browser, createTestApp } from "../helpers/app.ts";
import { createTestDatabase } from "../helpers/database.ts";
import { createUser, password } from "../helpers/factories.ts";

let database: Database;
let app: FastifyInstance;
let release!: () => void;
const gate = new Promise<void>((resolve) => {
  release = resolve;
});
let running = 0;
let bothStarted!: () => void;
const started = new Promise<void>((resolve) => {
  bothStarted = resolve;
});

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database.prisma, {
    extraRoutes: (a) =>
      a.get("/slow-for-test", async () => {
        if (++running === 2) bothStarted();
        await gate;
        return { done: true };
      }),
  });
});
afterAll(async () => {
  await database.close();
});

/** A raw keep-alive connection: what a browser holds open between page loads. */
function connection(port: number): Promise<{ socket: net.Socket; received: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => resolve({ socket, received }));
    let data = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk) => {
      data += chunk;
    });
    const received = new Promise<string>((done) => socket.on("close", () => done(data)));
    socket.on("error", reject);
  });
}

describe("graceful shutdown", () => {
  it("finishes the running request and answers later ones with a Chinese 503", async () => {
    const user = await createUser(database.prisma, { role: "office" });
    const browser = new Browser(app);
    expect((await browser.login(user.username, password)).statusCode).toBe(303);
    const cookie = `duban_sid=${browser.cookie("duban_sid")}`;
    await app.listen({ host: "127.0.0.1", port: 0 });
    const port = (app.server.address() as net.AddressInfo).port;
    const get = (path: string) => `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${cookie}\r\n\r\n`;

    const page = await connection(port);
    const api = await connection(port);
    page.socket.write(get("/slow-for-test"));
    api.socket.write(get("/slow-for-test"));
    await started;
    const closed = app.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Shutdown has begun: these arrive on connections that are still busy, as a browser's next click would.
    page.socket.write(get("/tasks"));
    api.socket.write(get("/api/tasks"));
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    const [pageRaw, apiRaw] = await Promise.all([page.received, api.received]);
    await closed;

    for (const raw of [pageRaw, apiRaw]) {
      const statuses = [...raw.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1]));
      // The running request finished; the one that came during shutdown was refused, not run.
      expect(statuses, raw.slice(0, 1500)).toEqual([200, 503]);
      expect(raw).toContain('{"done":true}');
      expect(raw).toContain("系统正在重启或维护");
      expect(raw).not.toContain('"message":"Service Unavailable"');
    }
    expect(pageRaw).toMatch(/503 Service Unavailable[\s\S]*content-type: text\/html/i);
    expect(apiRaw).toMatch(/503 Service Unavailable[\s\S]*content-type: application\/json/i);
  });
});
