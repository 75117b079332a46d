// A file's app for the e2e tests: its own test database, filled by `seed`, the app listening on a free port,
// and a real Chromium; opened before the first test, closed after the last.
import type { FastifyInstance } from "fastify";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import type { Database, Db } from "../../src/db/open-database.ts";
import { launchChromium } from "../../src/features/bulletin/pdf.ts";
import { createTestApp } from "./app.ts";
import { createTestDatabase } from "./database.ts";

export type LiveApp = { app: FastifyInstance; browser: Browser; base: string };

/** The returned object's fields are set once `beforeAll` has run. */
export function useLiveApp(
  seed: (db: Db) => Promise<void>,
  options: Parameters<typeof createTestApp>[1] = {},
): LiveApp {
  const live = {} as LiveApp;
  let database: Database | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    await seed(database.prisma);
    live.app = await createTestApp(database.prisma, options);
    live.base = await live.app.listen({ host: "127.0.0.1", port: 0 });
    live.browser = await launchChromium(process.env.CHROMIUM_PATH);
  });
  afterAll(async () => {
    await live.browser?.close();
    await live.app?.close();
    await database?.close();
  });
  return live;
}

/** Logs in through the form and waits for the home page. */
export async function logIn(page: Page, base: string, username: string, password: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', password);
  await page.click('button[type="submit"]');
  await page.waitForURL(`${base}/`);
}
