// A throw-away PostgreSQL database for a benchmark run, created next to TEST_DATABASE_URL's and dropped after.
import pg from "pg";
import { type Database, openDatabase } from "../src/db/open-database.ts";

export async function freshPostgres(
  url: string,
  name: string,
): Promise<{ database: Database; drop: () => Promise<void> }> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = await openDatabase(target.toString());
  return {
    database,
    drop: async () => {
      await database.close();
      // pg's pool.end() resolves before its sockets have closed; give them a moment before forcing the drop.
      await new Promise((r) => setTimeout(r, 200));
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}
