// buildApp registers every plugin and feature explicitly. It never opens the database or listens: server.ts,
// the CLI and the tests hand it what it needs.
import "./shared/locale.ts";
import path from "node:path";
import compress from "@fastify/compress";
import cookie from "@fastify/cookie";
import csrf from "@fastify/csrf-protection";
import formbody from "@fastify/formbody";
import helmet from "@fastify/helmet";
import session from "@fastify/session";
import fastifyStatic from "@fastify/static";
import view from "@fastify/view";
import Fastify, { type FastifyInstance } from "fastify";
import { serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import type { Config } from "./config.ts";
import type { Db } from "./db/open-database.ts";
import { createSender, type Sender } from "./email/outbox.ts";
import type { Mailer } from "./email/transport.ts";
import { apiRoutes } from "./features/api/routes.ts";
import { passwordGate } from "./features/auth/password-gate.ts";
import { authRoutes } from "./features/auth/routes.ts";
import { hasDemoUsers, loadActor } from "./features/auth/service.ts";
import { createSessionStore } from "./features/auth/session-store.ts";
import { bulletinRoutes } from "./features/bulletin/routes.ts";
import { calendarRoutes } from "./features/calendar/routes.ts";
import { calendarWarning } from "./features/calendar/warning.ts";
import { dashboardRoutes } from "./features/dashboard/routes.ts";
import { homeRoutes } from "./features/home/routes.ts";
import { meetingRoutes } from "./features/meetings/routes.ts";
import { setNoticeLinkBase } from "./features/notices/service.ts";
import { outboxRoutes } from "./features/outbox/routes.ts";
import { reminderSettingsRoutes } from "./features/reminders/routes.ts";
import { taskRoutes } from "./features/tasks/routes.ts";
import { moveTasksBetweenUnits } from "./features/tasks/unit-merge.ts";
import { taskTemplateHelpers } from "./features/tasks/view-names.ts";
import { unitRoutes } from "./features/units/routes.ts";
import { userRoutes } from "./features/users/routes.ts";
import { errorPages } from "./http/error-pages.ts";
import { formKeys } from "./http/form-keys.ts";
import { csrfTokenOf, uploads } from "./http/multipart.ts";
import { requestGuards } from "./http/request-guards.ts";
import { sessionAuth } from "./http/session-auth.ts";
import { viewHelpers } from "./http/view-helpers.ts";
import { senderOptions } from "./reminders/sender-options.ts";
import { templates, templatesDir } from "./shared/templates.ts";

declare module "fastify" {
  interface FastifyInstance {
    db: Db;
    config: Config;
    clock: () => Date;
    /** Null when SMTP_URL is unset: mail waits in the outbox. */
    mailer: Mailer | null;
    /** Drains the outbox through `mailer`, woken after mail is enqueued; the outbox job drains it too. */
    sender: Sender | null;
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
  /** Start Chromium for the bulletin's PDF when the app is ready, not on the first request (off in tests). */
  warmPdf?: boolean;
};

/** A hop count as a function: proxy-addr then takes the address that many entries from the right. */
function trustProxyOf(setting: Config["trustProxy"]) {
  if (typeof setting !== "number") return setting;
  return (_address: string, hop: number) => hop < setting;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    logger: deps.logger ?? { level: config.logLevel },
    trustProxy: trustProxyOf(config.trustProxy),
    bodyLimit: 2 * 1024 * 1024,
    // src/http/error-pages.ts answers during shutdown, with a Chinese page.
    return503OnClosing: false,
  });
  app.decorate("db", deps.db);
  app.decorate("config", config);
  app.decorate("clock", deps.clock ?? (() => new Date()));
  app.decorate("mailer", deps.mailer ?? null);
  const sender = deps.mailer
    ? createSender(
        deps.db,
        deps.mailer,
        () => senderOptions(deps.db, config),
        (err) => app.log.error({ err }, "sending the outbox failed"),
      )
    : null;
  app.decorate("sender", sender);
  setNoticeLinkBase(config.publicUrl);
  app.addHook("onClose", async () => sender?.stop());
  // Every route, page or API, declares its params, query and body in zod (src/http/fields.ts for the shared fields).
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: { "form-action": ["'self'"], "script-src": ["'self'"], "upgrade-insecure-requests": null },
    },
    // Plain http on an intranet server is normal here; HSTS only makes sense behind https.
    hsts: config.publicUrl.startsWith("https:"),
  });
  // Pages and API answers go out in br or gzip when the client accepts it (the dashboard's 380 KB page travels as
  // some 40 KB); zip, xlsx, pdf and images are not compressed again. Request bodies are never inflated, so the
  // body limit bounds what a request can make the server hold.
  await app.register(compress, { encodings: ["br", "gzip"], globalDecompression: false });
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
  // Multipart only where a route takes files, read by its handler after sign-in and the token check
  // (src/http/multipart.ts): no global attachFieldsToBody, which buffered every file of any post first.
  await app.register(uploads);
  await app.register(csrf, {
    sessionPlugin: "@fastify/session",
    getToken: (request) =>
      csrfTokenOf(request.body) ?? (request.headers["x-csrf-token"] as string | undefined),
  });
  // Every form post carries the token; the JSON API (token auth, no cookies) is exempt.
  // preValidation: the token is read from the body as it was sent, before a route's schema replaces the body with
  // its parsed fields (which do not include _csrf).
  app.addHook("preValidation", (request, reply, done) => {
    if (request.method === "GET" || request.method === "HEAD" || request.url.startsWith("/api/"))
      return done();
    // An upload form's token is its first part, checked by receiveUploads before it accepts any file; only the
    // upload routes let a multipart body get this far.
    if (request.isMultipart()) return done();
    app.csrfProtection(request, reply, done);
  });
  await app.register(formKeys);
  await app.register(fastifyStatic, { root: path.join(templatesDir, "assets"), prefix: "/assets/" });
  templates.configure({ cache: config.env !== "development" });
  await app.register(view, {
    engine: { eta: templates },
    root: templatesDir,
    layout: "layout.eta",
    production: config.env !== "development",
    defaultContext: { ...viewHelpers, ...taskTemplateHelpers, title: "" },
  });
  app.decorate("renderPart", (page: string, data: object) =>
    templates.renderAsync(page, { ...viewHelpers, ...taskTemplateHelpers, ...data }),
  );

  await app.register(sessionAuth, { loadActor, hasDemoUsers });
  await app.register(passwordGate);
  await app.register(requestGuards);
  await app.register(errorPages);
  await app.register(calendarWarning);
  await app.register(authRoutes);
  await app.register(homeRoutes);
  await app.register(meetingRoutes);
  await app.register(outboxRoutes);
  await app.register(reminderSettingsRoutes);
  await app.register(calendarRoutes);
  await app.register(taskRoutes);
  await app.register(dashboardRoutes);
  await app.register(bulletinRoutes, { warmPdf: deps.warmPdf ?? false });
  // Merging units moves task rows, which only the tasks feature writes (and tasks already imports units).
  await app.register(unitRoutes, { moveTasks: moveTasksBetweenUnits });
  await app.register(userRoutes);
  await app.register(apiRoutes);

  app.get("/healthz", async () => ({ ok: true }));
  return app;
}
