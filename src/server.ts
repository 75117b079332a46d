// Process entry: config → database → app → listen → jobs, and a graceful close on SIGTERM/SIGINT.
import "./shared/locale.ts";
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { buildApp } from "./app.ts";
import { type Config, ConfigError, loadConfig } from "./config.ts";
import { DatabaseLockedError } from "./db/directory-lock.ts";
import { type Database, DatabaseUnreadableError, isPostgresUrl, openDatabase } from "./db/open-database.ts";
import { createMailer } from "./email/transport.ts";
import { demoLogins, seedDemoIfEmpty } from "./features/demo/seed.ts";
import { sweepOrphanFiles } from "./features/files/sweep.ts";
import { startJobs } from "./jobs/jobs.ts";

async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }

  let database: Database;
  try {
    database = await openDatabase(config.databaseUrl, { command: "npm start" });
  } catch (error) {
    // An embedded database held by another process, or one that will not open: the message says what to do,
    // and a stack trace would only bury it.
    if (error instanceof DatabaseLockedError || error instanceof DatabaseUnreadableError) {
      console.error(error.message);
      process.exit(error.exitCode);
    }
    throw error;
  }
  const mailer = config.smtpUrl ? createMailer(config.smtpUrl) : null;
  const app = await buildApp({
    config,
    db: database.prisma,
    mailer,
    sessionSecret: await sessionSecret(config),
    warmPdf: true,
  });
  if (!mailer) app.log.warn("SMTP_URL is not set: reminder emails wait in the outbox until it is");
  if (database.applied.length > 0) app.log.info({ migrations: database.applied }, "migrations applied");

  // Demo data only on an empty embedded database; PostgreSQL gets it only from `duban seed`.
  const seeded =
    config.seedDemo === "auto" && !isPostgresUrl(config.databaseUrl)
      ? await seedDemoIfEmpty(database.prisma)
      : false;

  let stopJobs = async () => {};
  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, "shutting down");
    // app.close() stops accepting connections and waits for in-flight requests; only then the database closes.
    const timer = setTimeout(() => {
      app.log.error("shutdown took longer than 20 s; exiting");
      process.exit(1);
    }, 20_000);
    // A keep-alive connection that was busy when closing began turns idle only after its response; close it
    // then, or the server would wait for the client's keep-alive timeout.
    const sweep = setInterval(() => app.server.closeIdleConnections(), 50);
    try {
      await stopJobs();
      await app.close();
      mailer?.close();
      await database.close();
      app.log.info("closed cleanly");
    } finally {
      clearInterval(sweep);
      clearTimeout(timer);
    }
    process.exit(0);
  };
  process.on("SIGTERM", () => void close("SIGTERM"));
  process.on("SIGINT", () => void close("SIGINT"));

  await app.listen({ host: config.host, port: config.port });
  stopJobs = startJobs({ db: database.prisma, log: app.log, config, sender: app.sender });
  // A crash leaves evidence files without rows; the nightly job sweeps them too, this covers servers restarted daily.
  sweepOrphanFiles(database.prisma, config.dataDir, new Date())
    .then(({ removed }) => removed > 0 && app.log.info({ removed }, "orphan files removed"))
    .catch((err: unknown) => app.log.warn({ err }, "orphan file sweep failed"));
  const url = `http://${config.host}:${config.port}`;
  console.log(
    `\n督办系统已启动：${url}  （数据库：${database.kind === "pglite" ? config.databaseUrl : "PostgreSQL"}）`,
  );
  if (seeded) {
    console.log("已写入演示数据。演示账号（密码均为 duban2021）：");
    for (const login of demoLogins)
      console.log(`  ${login.role.padEnd(6)} ${login.username.padEnd(10)} ${login.label}`);
  }
  console.log(`请在浏览器打开 ${url}/login 登录。按 Ctrl+C 停止。\n`);
}

/** Without SESSION_SECRET, a random secret is kept in the data directory so sign-ins survive a restart. */
async function sessionSecret(config: Config): Promise<string> {
  if (config.sessionSecret) return config.sessionSecret;
  const file = path.join(config.dataDir, "session-secret");
  const existing = await readFile(file, "utf8").catch(() => "");
  if (existing.trim().length >= 32) return existing.trim();
  const secret = randomBytes(32).toString("hex");
  await mkdir(config.dataDir, { recursive: true });
  await writeFile(file, secret, { mode: 0o600 });
  return secret;
}

await main();
