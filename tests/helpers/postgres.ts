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
