// What every duban command does with its arguments: node's parseArgs, and on anything wrong the reason and the
// usage on stderr and exit code 2, so a typo never runs a command with a default the person did not mean.
import { type ParseArgsConfig, parseArgs } from "node:util";
import { isCalendarDate } from "../shared/calendar-date.ts";

export function usageError(usage: string, message?: string): number {
  if (message) console.error(message);
  console.error(usage);
  return 2;
}

/** The parsed arguments, or the exit code after printing why not. A `--date` must be a real calendar day. */
export function readArguments<const T extends ParseArgsConfig>(
  config: T,
  usage: string,
): ReturnType<typeof parseArgs<T>> | number {
  let parsed: ReturnType<typeof parseArgs<T>>;
  try {
    parsed = parseArgs(config);
  } catch (error) {
    return usageError(usage, (error as Error).message);
  }
  const date = (parsed.values as { date?: unknown }).date;
  if (typeof date === "string" && !isCalendarDate(date))
    return usageError(usage, `日期应为 YYYY-MM-DD 格式的实际日期：${date}`);
  return parsed;
}
