// buildApp registers every plugin and feature explicitly. It never opens the database or listens: server.ts,
// the CLI and the tests hand it what it needs.
import "./locale.ts";
import path from "node:path";
import { fileURLToPath } from "node:url";
import cookie from "@fastify/cookie";
import csrf from "@fastify/csrf-protection";
import formbody from "@fastify/formbody";
import helmet from "@fastify/helmet";
import multipart from "@fastify/multipart";
import rateLimit from "@fastify/rate-limit";
import session from "@fastify/session";
import fastifyStatic from "@fastify/static";
import view from "@fastify/view";
import { Eta } from "eta";
import Fastify, { type FastifyInstance } from "fastify";
import type { Config } from "./config.ts";
import type { Db } from "./db/open-database.ts";
import type { Mailer } from "./email/mailer.ts";
import { apiRoutes } from "./features/api/routes.ts";
import { authRoutes } from "./features/auth/routes.ts";
import { createSessionStore } from "./features/auth/session-store.ts";
import { bulletinRoutes } from "./features/bulletin/routes.ts";
import { dashboardRoutes } from "./features/dashboard/routes.ts";
import { maxEvidenceBytes, maxEvidenceFiles } from "./features/files/evidence.ts";
import { homeRoutes } from "./features/home/routes.ts";
import { meetingRoutes } from "./features/meetings/routes.ts";
import { outboxRoutes } from "./features/outbox/routes.ts";
import { taskRoutes } from "./features/tasks/routes.ts";
import { unitRoutes } from "./features/units/routes.ts";
import { userRoutes } from "./features/users/routes.ts";
import { errorPages } from "./http/error-pages.ts";
import { csrfTokenOf } from "./http/multipart.ts";
import { sessionAuth } from "./http/session-auth.ts";
import { viewHelpers } from "./http/view-helpers.ts";

declare module "fastify" {
  interface FastifyInstance {
    db: Db;
    config: Config;
    clock: () => Date;
    /** Null when SMTP_URL is unset: mail waits in the outbox. */
    mailer: Mailer | null;
    /**
     * A template rendered without the layout and without the request's locals (the person's name, form token):
     * a part of a page that can be kept and served to anyone allowed to see it, wrapped by prerendered.eta.
     */
    renderPart: (page: string, data: object) => Promise<string>;
  }
}

export type AppDeps = {
  config: Config;
  db: Db;
  mailer?: Mailer | null;
  sessionSecret: string;
  /** The current instant; tests pass a fixed one. */
  clock?: () => Date;
  logger?: boolean | object;
};

const templatesDir = fileURLToPath(new URL("../templates", import.meta.url));

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    logger: deps.logger ?? { level: config.logLevel },
    trustProxy: config.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
  });
  app.decorate("db", deps.db);
  app.decorate("config", config);
  app.decorate("clock", deps.clock ?? (() => new Date()));
  app.decorate("mailer", deps.mailer ?? null);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: { "form-action": ["'self'"], "script-src": ["'self'"], "upgrade-insecure-requests": null },
    },
    // Plain http on an intranet server is normal here; HSTS only makes sense behind https.
    hsts: config.publicUrl.startsWith("https:"),
  });
  await app.register(formbody);
  await app.register(cookie);
  const maxAgeMs = config.sessionMaxAgeHours * 3600 * 1000;
  await app.register(session, {
    secret: deps.sessionSecret,
    cookieName: "duban_sid",
    saveUninitialized: false,
    // A sign-in lasts SESSION_MAX_AGE_HOURS from log-in; not re-saving the session on every request saves a
    // database write per page view.
    rolling: false,
    store: createSessionStore(deps.db, maxAgeMs),
    cookie: {
      httpOnly: true,
      sameSite: "lax",
      secure: config.publicUrl.startsWith("https:"),
      maxAge: maxAgeMs,
      path: "/",
    },
  });
  await app.register(multipart, {
    attachFieldsToBody: true,
    limits: { fileSize: maxEvidenceBytes, files: maxEvidenceFiles, fields: 50 },
  });
  await app.register(csrf, {
    sessionPlugin: "@fastify/session",
    getToken: (request) =>
      csrfTokenOf(request.body) ?? (request.headers["x-csrf-token"] as string | undefined),
  });
  // Every form post carries the token; the JSON API (token auth, no cookies) is exempt.
  app.addHook("preHandler", (request, reply, done) => {
    if (request.method === "GET" || request.method === "HEAD" || request.url.startsWith("/api/"))
      return done();
    app.csrfProtection(request, reply, done);
  });
  await app.register(rateLimit, { global: false });
  await app.register(fastifyStatic, { root: path.join(templatesDir, "assets"), prefix: "/assets/" });
  const eta = new Eta({ views: templatesDir, cache: config.env !== "development" });
  await app.register(view, {
    engine: { eta },
    root: templatesDir,
    layout: "layout.eta",
    production: config.env !== "development",
    defaultContext: { ...viewHelpers, title: "" },
  });
  app.decorate("renderPart", (page: string, data: object) =>
    eta.renderAsync(page, { ...viewHelpers, ...data }),
  );

  await app.register(sessionAuth);
  await app.register(errorPages);
  await app.register(authRoutes);
  await app.register(homeRoutes);
  await app.register(meetingRoutes);
  await app.register(outboxRoutes);
  await app.register(taskRoutes);
  await app.register(dashboardRoutes);
  await app.register(bulletinRoutes);
  await app.register(unitRoutes);
  await app.register(userRoutes);
  await app.register(apiRoutes);

  app.get("/healthz", async () => ({ ok: true }));
  return app;
}
