// The JSON-lines batch protocol of `duban extract --jsonl` and `duban deadline --jsonl`: each stdin line is
// {"id","date","text"}; each is answered on stdout as it arrives, with its id, or with `failed` plus an error.
import { createInterface } from "node:readline";
import { isCalendarDate } from "../shared/calendar-date.ts";

export type JsonlInput = { text: string; date: string | null };

export async function answerJsonLines(
  answer: (input: JsonlInput) => object,
  failed: object,
): Promise<number> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (!line.trim()) continue;
    let id: unknown = null;
    let output: object;
    try {
      const input = JSON.parse(line) as { id?: unknown; date?: unknown; text?: unknown };
      id = input.id ?? null;
      output = answer({
        text: typeof input.text === "string" ? input.text : "",
        date: typeof input.date === "string" && isCalendarDate(input.date) ? input.date : null,
      });
    } catch (error) {
      const why = error instanceof SyntaxError ? "不是有效的 JSON" : (error as Error).message;
      output = { ...failed, error: `无法处理该行：${why}` };
    }
    process.stdout.write(`${JSON.stringify({ id, ...output })}\n`);
  }
  return 0;
}
