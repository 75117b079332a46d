// Server-side sessions in the database, so logging out or disabling a user takes effect at once and
// several app instances share them.
import type { SessionStore } from "@fastify/session";
import type { Db } from "../../db/open-database.ts";
import { deleteSession, findSession, saveSession } from "./repository.ts";

type StoredSession = Parameters<SessionStore["set"]>[1];

export function createSessionStore(db: Db, maxAgeMs: number): SessionStore {
  return {
    set(id, session, callback) {
      const userId = typeof session.userId === "number" ? session.userId : null;
      const expires = session.cookie?.expires
        ? new Date(session.cookie.expires)
        : new Date(Date.now() + maxAgeMs);
      saveSession(db, id, JSON.parse(JSON.stringify(session)), userId, expires).then(
        () => callback(),
        (error) => callback(error),
      );
    },
    get(id, callback) {
      findSession(db, id, new Date()).then(
        (row) => callback(null, (row?.data as unknown as StoredSession | undefined) ?? null),
        (error) => callback(error),
      );
    },
    destroy(id, callback) {
      deleteSession(db, id).then(
        () => callback(),
        (error) => callback(error),
      );
    },
  };
}
