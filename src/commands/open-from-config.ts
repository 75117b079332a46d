// The database a command works on: the same DATABASE_URL the server uses. An embedded database belongs to one
// process at a time, so while the server (or another command) holds it a command refuses, saying who holds it
// and how to get the same done instead, rather than opening it a second time and corrupting it.
import "../shared/locale.ts";
import { ConfigError, loadConfig } from "../config.ts";
import { DatabaseLockedError } from "../db/directory-lock.ts";
import { type Database, DatabaseUnreadableError, openDatabase } from "../db/open-database.ts";
import { AppError } from "../shared/errors.ts";
import { usageError } from "./arguments.ts";

/**
 * The open database, or the exit code after the reason was printed. `command` names this command in the lock
 * ("duban remind"); `whileServerRuns` says what to do when the holder is the running server.
 */
export async function openConfiguredDatabase(
  command: string,
  whileServerRuns: string,
): Promise<Database | number> {
  try {
    const config = loadConfig();
    return await openDatabase(config.databaseUrl, { command });
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 78; // EX_CONFIG
    }
    if (error instanceof DatabaseLockedError) {
      const command = error.holder?.command;
      if (!command) console.error(error.message);
      else if (command.startsWith("duban ")) console.error(`${error.message}\n请等该命令结束后再试。`);
      else console.error(`${error.message}\n${whileServerRuns}`);
      return error.exitCode;
    }
    if (error instanceof DatabaseUnreadableError) {
      console.error(error.message);
      return error.exitCode;
    }
    throw error;
  }
}

/** Opens the database, runs `work` on it and always closes it; a refusal (an AppError) is printed and exits 1. */
export async function withConfiguredDatabase(
  command: string,
  whileServerRuns: string,
  work: (database: Database) => Promise<number>,
): Promise<number> {
  const database = await openConfiguredDatabase(command, whileServerRuns);
  if (typeof database === "number") return database;
  try {
    return await work(database);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    console.error(error.message);
    return 1;
  } finally {
    await database.close();
  }
}

/** A command that takes no arguments: its usage when given some, else `work` on the database. */
export function runWithoutArguments(
  argv: string[],
  usage: string,
  command: string,
  whileServerRuns: string,
  work: (database: Database) => Promise<number>,
): Promise<number> | number {
  if (argv.length > 0) return usageError(usage);
  return withConfiguredDatabase(command, whileServerRuns, work);
}
