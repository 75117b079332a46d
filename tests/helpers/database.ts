// A fresh, migrated database for one test file: PGlite in memory by default, a new PostgreSQL database when
// TEST_DATABASE_URL is set. Both start from the run's template, so a file pays ~0.1–0.8 s, not a migration.
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { inject } from "vitest";
import { type Database, openDatabase } from "../../src/db/open-database.ts";
import { dropDatabase, templateDatabaseName, urlForDatabase, withDatabase } from "./postgres.ts";

export const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

export async function createTestDatabase(): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const dump = await readFile(inject("pgliteTemplate"));
    return openDatabase("memory://", { loadDataDir: new Blob([dump]) });
  }
  const template = templateDatabaseName(url);
  const name = `${template.replace(/_tpl$/, "")}_${randomBytes(4).toString("hex")}`;
  await withDatabase(url, "postgres", (client) =>
    client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`),
  );
  const database = await openDatabase(urlForDatabase(url, name), { poolSize: 4 });
  return {
    ...database,
    close: async () => {
      await database.close();
      await dropDatabase(url, name);
    },
  };
}

/**
 * Empties every table (between tests of one file), keeping the schema, the migration history and the data
 * version's row (src/db/data-version.ts), which must only ever count up.
 */
export async function truncateAll(database: Database): Promise<void> {
  const rows = await database.prisma.$queryRawUnsafe<{ tablename: string }[]>(
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('_prisma_migrations', 'data_version')",
  );
  await database.prisma.$executeRawUnsafe(
    `TRUNCATE ${rows.map((r) => `"${r.tablename}"`).join(", ")} RESTART IDENTITY CASCADE`,
  );
}
