// Throw-away PostgreSQL databases for benchmark runs, created next to TEST_DATABASE_URL's and dropped after.
import pg from "pg";
import { type Database, openDatabase } from "../src/db/open-database.ts";

/** Creates an empty database `name` on `url`'s server; returns its URL and a function that drops it. */
export async function throwAwayDatabase(
  url: string,
  name: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    url: target.toString(),
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** A throw-away database, migrated and opened in this process. */
export async function freshPostgres(
  url: string,
  name: string,
): Promise<{ database: Database; drop: () => Promise<void> }> {
  const created = await throwAwayDatabase(url, name);
  const database = await openDatabase(created.url);
  return {
    database,
    drop: async () => {
      await database.close();
      // pg's pool.end() resolves before its sockets have closed; give them a moment before forcing the drop.
      await new Promise((r) => setTimeout(r, 200));
      await created.drop();
    },
  };
}
