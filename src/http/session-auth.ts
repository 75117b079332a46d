// Loads the signed-in user for every request and gives templates what the layout needs.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { versionedCache } from "../db/data-version.ts";
import type { Db } from "../db/open-database.ts";
import type { Actor } from "../shared/actor.ts";
import { AppError } from "../shared/errors.ts";
import { dataVersion, dataVersionOf } from "./data-version.ts";
import { navigationFor } from "./navigation.ts";

declare module "fastify" {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyReply {
    /** Data every template gets (set up by @fastify/view). */
    locals: Record<string, unknown>;
  }
  interface Session {
    userId?: number;
    flash?: string;
  }
}

// The API's description is public: an integrator reads it before they have an account.
const publicPaths = new Set(["/login", "/healthz", "/api/docs", "/api/openapi.json"]);

// The signed-in user and the demo banner's flag are read from users, units and leader_units, which move the data
// version: a disabled user or a changed role is seen on the very next request.
const actors = versionedCache<{ actor: Actor | null }>(1000);
const demoFlags = versionedCache<{ demo: boolean }>(1);

/** How the sign-in hook reads users; the auth feature provides it (http/ knows no feature). */
export type SessionAuthOptions = {
  loadActor: (db: Db, userId: number) => Promise<Actor | null>;
  /** Whether the demo accounts are still active: the layout then shows the demo banner. */
  hasDemoUsers: (db: Db) => Promise<boolean>;
};

/**
 * The user behind a session or an API token, shared by their requests until the data version moves, so frozen;
 * null for a disabled or deleted user.
 */
export async function signedInActor(
  db: Db,
  version: string,
  userId: number,
  loadActor: SessionAuthOptions["loadActor"],
): Promise<Actor | null> {
  const { actor } = await actors.get(db, version, String(userId), async () => {
    const loaded = await loadActor(db, userId);
    if (loaded) Object.freeze(loaded.leaderUnitIds);
    return { actor: loaded && Object.freeze(loaded) };
  });
  return actor;
}

async function demoBanner(
  db: Db,
  version: string,
  hasDemoUsers: SessionAuthOptions["hasDemoUsers"],
): Promise<boolean> {
  const { demo } = await demoFlags.get(db, version, "demo", async () => ({ demo: await hasDemoUsers(db) }));
  return demo;
}

export const sessionAuth = fp(async (app: FastifyInstance, options: SessionAuthOptions) => {
  app.decorateRequest("actor", null);
  await app.register(dataVersion);

  // preValidation, not preHandler: who is asking is settled before the request's fields are checked, so an
  // anonymous post is sent to log in, not told which of its fields are wrong.
  app.addHook("preValidation", async (request, reply) => {
    // An API token already named the user (src/features/api/bearer-auth.ts): no session, no page locals.
    if (request.actor) return;
    const path = request.url.split("?")[0] ?? "/";
    // Style sheets need nobody: no database read, and a flash message is left for the page it belongs to.
    if (path.startsWith("/assets/")) return;
    const userId = request.session.get("userId");
    if (userId !== undefined) {
      request.actor = await signedInActor(app.db, await dataVersionOf(request), userId, options.loadActor);
      // A disabled or deleted user loses the session at once.
      if (!request.actor) await request.session.destroy();
    }
    if (!request.actor && !publicPaths.has(path)) {
      return redirectToLogin(request, reply);
    }
    reply.locals = {
      ...reply.locals,
      actor: request.actor,
      nav: navigationFor(request.actor),
      path,
      demo: await demoBanner(app.db, await dataVersionOf(request), options.hasDemoUsers),
      flash: takeFlash(request),
      csrfToken: reply.generateCsrf(),
    };
  });
});

function redirectToLogin(request: FastifyRequest, reply: FastifyReply) {
  if (request.method !== "GET") throw new AppError(401, "登录已过期或尚未登录，请重新登录后再提交。");
  const next = request.url === "/" ? "" : `?next=${encodeURIComponent(request.url)}`;
  return reply.redirect(`/login${next}`, 303);
}

function takeFlash(request: FastifyRequest): string | null {
  const flash = request.session.get("flash");
  if (flash === undefined) return null;
  request.session.set("flash", undefined);
  return flash;
}

export function flash(request: FastifyRequest, message: string): void {
  request.session.set("flash", message);
}
