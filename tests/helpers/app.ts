// An app on a test database and a small "browser" that keeps cookies and reads the CSRF token from pages,
// so tests go through the same forms a person uses.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import { buildApp } from "../../src/app.ts";
import { type Config, loadConfig } from "../../src/config.ts";
import type { Database, Db } from "../../src/db/open-database.ts";
import type { Mailer } from "../../src/email/transport.ts";
import { createTestDatabase, truncateAll } from "./database.ts";
import { createCast, createUser, password } from "./factories.ts";

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    DATA_DIR: "tests/.tmp/data",
    LOGIN_MAX_ATTEMPTS: "1000",
    ...env,
  });
}

export async function createTestApp(
  db: Db,
  options: {
    env?: Record<string, string>;
    clock?: () => Date;
    mailer?: Mailer;
    extraRoutes?: (app: FastifyInstance) => void;
    /** Start Chromium for the bulletin's PDF when the app is ready, as server.ts does. */
    warmPdf?: boolean;
  } = {},
): Promise<FastifyInstance> {
  const app = await buildApp({
    config: testConfig(options.env),
    db,
    sessionSecret: "test-secret-that-is-long-enough-for-signing",
    clock: options.clock,
    mailer: options.mailer ?? null,
    logger: false,
    warmPdf: options.warmPdf,
  });
  options.extraRoutes?.(app);
  await app.ready();
  return app;
}

export type TestAppOptions = {
  /** Empty every table before each test. */
  truncate?: boolean;
  clock?: () => Date;
  env?: Record<string, string>;
  mailer?: Mailer;
  extraRoutes?: (app: FastifyInstance) => void;
  /** Give the app a fresh temporary DATA_DIR (removed after the last test), readable as `dataDir`. */
  dataDir?: boolean;
};

/** What `useTestApp` opened; each field may be read from the first hook after it on. */
export type TestAppContext = {
  readonly database: Database;
  readonly app: FastifyInstance;
  /** The database's Prisma client. */
  readonly db: Db;
  /** The app's DATA_DIR when `dataDir` was asked for. */
  readonly dataDir: string;
};

/**
 * A file's app on its own test database: opened before the first test, closed after the last, and emptied
 * before each test when `truncate` is set. `use`, if given, receives both once they are open; the context
 * returned reads them too.
 */
export function useTestApp(options?: TestAppOptions): TestAppContext;
export function useTestApp(
  use: (database: Database, app: FastifyInstance) => void,
  options?: TestAppOptions,
): TestAppContext;
export function useTestApp(
  useOrOptions?: ((database: Database, app: FastifyInstance) => void) | TestAppOptions,
  maybeOptions: TestAppOptions = {},
): TestAppContext {
  const use = typeof useOrOptions === "function" ? useOrOptions : undefined;
  const options = (typeof useOrOptions === "function" ? maybeOptions : useOrOptions) ?? {};
  let database: Database | undefined;
  let app: FastifyInstance | undefined;
  let dataDir: string | undefined;
  const opened = <T>(value: T | undefined, what: string): T => {
    if (value === undefined)
      throw new Error(`the test ${what} is not open yet (read it inside a hook or test)`);
    return value;
  };
  beforeAll(async () => {
    database = await createTestDatabase();
    if (options.dataDir) dataDir = await mkdtemp(path.join(tmpdir(), "duban-files-"));
    app = await createTestApp(database.prisma, {
      env: dataDir ? { DATA_DIR: dataDir, ...options.env } : options.env,
      clock: options.clock,
      mailer: options.mailer,
      extraRoutes: options.extraRoutes,
    });
    use?.(database, app);
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });
  if (options.truncate) beforeEach(() => truncateAll(opened(database, "database")));
  return {
    get database() {
      return opened(database, "database");
    },
    get app() {
      return opened(app, "app");
    },
    get db() {
      return opened(database, "database").prisma;
    },
    get dataDir() {
      return opened(dataDir, "data folder");
    },
  };
}

export class Browser {
  private cookies = new Map<string, string>();

  constructor(
    private readonly app: FastifyInstance,
    private readonly ip = "127.0.0.1",
    /** Sent with every request, e.g. the X-Forwarded-For a reverse proxy adds. */
    private readonly extraHeaders: Record<string, string> = {},
  ) {}

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.keep(
      await this.app.inject({ method: "GET", url, headers: this.headers(), remoteAddress: this.ip }),
    );
  }

  /** Posts a form. The CSRF token is taken from `from` (a page with the form) unless the form sets _csrf. */
  async post(
    url: string,
    form: Record<string, string | string[]>,
    from = url,
  ): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams();
    const csrf = "_csrf" in form ? undefined : await this.csrfToken(from);
    if (csrf) body.append("_csrf", csrf);
    for (const [key, value] of Object.entries(form)) {
      for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
    }
    return this.keep(
      await this.app.inject({
        method: "POST",
        url,
        payload: body.toString(),
        headers: { ...this.headers(), "content-type": "application/x-www-form-urlencoded" },
        remoteAddress: this.ip,
      }),
    );
  }

  /** Posts a multipart form with files, as a browser does for an upload form. */
  async postMultipart(
    url: string,
    fields: Record<string, string>,
    files: { field: string; name: string; type: string; bytes: Uint8Array }[],
    from = url,
  ): Promise<LightMyRequestResponse> {
    const boundary = `----duban${Math.random().toString(16).slice(2)}`;
    const parts: Buffer[] = [];
    const all = { _csrf: await this.csrfToken(from), ...fields };
    for (const [name, value] of Object.entries(all)) {
      parts.push(
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
      );
    }
    for (const f of files) {
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`,
        ),
        Buffer.from(f.bytes),
        Buffer.from("\r\n"),
      );
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    return this.keep(
      await this.app.inject({
        method: "POST",
        url,
        payload: Buffer.concat(parts),
        headers: { ...this.headers(), "content-type": `multipart/form-data; boundary=${boundary}` },
        remoteAddress: this.ip,
      }),
    );
  }

  async csrfToken(page: string): Promise<string> {
    const res = await this.get(page);
    const match = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (!match?.[1]) throw new Error(`no CSRF token on ${page} (status ${res.statusCode})`);
    return match[1];
  }

  async login(username: string, password: string): Promise<LightMyRequestResponse> {
    return this.post("/login", { username, password }, "/login");
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  private headers(): Record<string, string> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    return cookie ? { ...this.extraHeaders, cookie } : { ...this.extraHeaders };
  }

  private keep(res: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      if (c.value === "" || c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now()))
        this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return res;
  }
}

/** The visible text of a page, roughly: tags dropped, whitespace squeezed. */
export function textOf(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

/** A new user made from `fields`, logged in through the form; `browser` holds their session. */
export async function signedIn(app: FastifyInstance, db: Db, fields: Parameters<typeof createUser>[1]) {
  const user = await createUser(db, fields);
  return { user, browser: await loggedIn(app, user.username) };
}

/** A browser logged in as `username` (with the factories' password) through the form. */
export async function loggedIn(app: FastifyInstance, username: string): Promise<Browser> {
  const browser = new Browser(app);
  expect((await browser.login(username, password)).statusCode).toBe(303);
  return browser;
}

/** One logged-in browser for each of `users`, under the same keys. */
export async function loggedInEach<K extends string>(
  app: FastifyInstance,
  users: Record<K, { username: string }>,
): Promise<Record<K, Browser>> {
  const browsers = {} as Record<K, Browser>;
  for (const [kind, user] of Object.entries(users) as [K, { username: string }][]) {
    browsers[kind] = await loggedIn(app, user.username);
  }
  return browsers;
}

/** New users made from `fields`, each logged in through the form, under the same keys. */
export async function signedInEach<K extends string>(
  app: FastifyInstance,
  db: Db,
  fields: Record<K, Parameters<typeof createUser>[1]>,
): Promise<{ users: Record<K, Awaited<ReturnType<typeof createUser>>>; browsers: Record<K, Browser> }> {
  const users = {} as Record<K, Awaited<ReturnType<typeof createUser>>>;
  for (const [kind, f] of Object.entries(fields) as [K, Parameters<typeof createUser>[1]][]) {
    users[kind] = await createUser(db, f);
  }
  return { users, browsers: await loggedInEach(app, users) };
}

/** An office user, a user of `unitId` and a leader, each logged in through the form. */
export function signedInEachRole(app: FastifyInstance, db: Db, unitId: number) {
  return signedInEach(app, db, {
    office: { role: "office" },
    unit: { role: "unit", unitId },
    leader: { role: "leader" },
  });
}

/** `createCast`'s units and users, each user logged in through the form. */
export async function signedInCast(app: FastifyInstance, db: Db) {
  const cast = await createCast(db);
  return { ...cast, browsers: await loggedInEach(app, cast.users) };
}

/** Changes the signed-in user's password through the account page's form. */
export function changePassword(
  browser: Browser,
  current: string,
  password: string,
  confirm = password,
): Promise<LightMyRequestResponse> {
  return browser.post("/account/password", { current, password, confirm }, "/account");
}

/** A page with `status` that says, in its text, each of `messages`. */
export function expectPageSays(res: LightMyRequestResponse, status: number, ...messages: string[]): void {
  expect(res.statusCode).toBe(status);
  const text = textOf(res.body);
  for (const message of messages) expect(text).toContain(message);
}

/** A 422 page that says, in its text, each of `messages`. */
export function expectRefusal(res: LightMyRequestResponse, ...messages: string[]): void {
  expectPageSays(res, 422, ...messages);
}
