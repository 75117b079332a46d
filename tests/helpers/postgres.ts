import pg from "pg";

/** The template database for a run: "<TEST_DATABASE_URL's database>_tpl". */
export function templateDatabaseName(url: string): string {
  return `${new URL(url).pathname.slice(1) || "duban_test"}_tpl`;
}

export function urlForDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Runs fn on a short-lived connection to another database of the same server (for CREATE/DROP DATABASE). */
export async function withDatabase<T>(
  url: string,
  database: string,
  fn: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: urlForDatabase(url, database) });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Drops a test database once its connections have closed. pg's pool.end() resolves before the sockets have
 * finished closing, and DROP … WITH (FORCE) would kill those half-closed connections and raise errors in them.
 */
export async function dropDatabase(url: string, name: string): Promise<void> {
  await withDatabase(url, "postgres", async (client) => {
    for (let attempt = 0; attempt < 50; attempt++) {
      const { rows } = await client.query(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1",
        [name],
      );
      if (rows[0].n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
}
