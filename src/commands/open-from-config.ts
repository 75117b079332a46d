// The database a command works on: the same DATABASE_URL the server uses.
import "../locale.ts";
import { ConfigError, loadConfig } from "../config.ts";
import { type Database, openDatabase } from "../db/open-database.ts";

export async function openConfiguredDatabase(): Promise<Database | null> {
  try {
    const config = loadConfig();
    return await openDatabase(config.databaseUrl);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return null;
    }
    throw error;
  }
}
