// duban extract: directives from a meeting record, as a table for a person, JSON, or the JSON-lines batch
// protocol the corpus scorer speaks (one line in, one line out, answered as each line arrives).
import { readFile } from "node:fs/promises";
import { createWorkCalendar } from "../extract/calendar.ts";
import {
  type Directive,
  type DirectoryUnit,
  defaultNamedPeriods,
  extractDirectives,
} from "../extract/extract.ts";
import { isCalendarDate } from "../shared/calendar-date.ts";
import { readArguments, usageError } from "./arguments.ts";
import { answerJsonLines } from "./jsonl.ts";

const USAGE = `用法：
  duban extract 文件 [--date YYYY-MM-DD] [--json] [--units 单位名录.json]
  duban extract --jsonl [--units 单位名录.json]

  文件        会议纪要文本；可带 "source:/title:/date:" 文件头；"-" 表示从标准输入读取
  --date      会议日期（未给出时使用文件头或正文中的日期）
  --json      输出 JSON
  --jsonl     批处理：每行读入 {"id","title","date","text"}，每行输出一条结果
  --units     单位名录（DirectoryUnit 数组的 JSON 文件），用于匹配单位全称、简称和别名`;

const usage = (message?: string) => usageError(USAGE, message);

/** Corpus-style files start with "source: …", "title: …", "date: …" lines and a blank line. */
export function splitHeader(raw: string): { header: Record<string, string>; text: string } {
  if (!/^(?:source|title|date):/.test(raw)) return { header: {}, text: raw };
  const cut = raw.indexOf("\n\n");
  const head = cut < 0 ? raw : raw.slice(0, cut);
  const header: Record<string, string> = {};
  for (const line of head.split("\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) header[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return { header, text: cut < 0 ? "" : raw.slice(cut + 2) };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function loadUnits(path: string | undefined): Promise<DirectoryUnit[]> {
  if (!path) return [];
  const parsed: unknown = JSON.parse(await readFile(path, "utf8"));
  if (!Array.isArray(parsed)) throw new Error("单位名录必须是 JSON 数组");
  return parsed.map((u: { name?: unknown; shortName?: unknown; aliases?: unknown; id?: unknown }) => {
    if (typeof u?.name !== "string") throw new Error("单位名录中的每一项都需要 name");
    return {
      ...(typeof u.id === "number" ? { id: u.id } : {}),
      name: u.name,
      shortName: typeof u.shortName === "string" ? u.shortName : null,
      aliases: Array.isArray(u.aliases) ? u.aliases.filter((a): a is string => typeof a === "string") : [],
    };
  });
}

function scorerRow(d: Directive) {
  return {
    topic: d.topic,
    verb: d.verb,
    text: d.text,
    start: d.start,
    end: d.end,
    units: d.units.map((u) => u.text),
    unitDetails: d.units,
    unassigned: d.unassigned,
    deadlineText: d.deadline?.text ?? null,
    deadline: d.deadline?.date ?? null,
    derivation: d.deadline?.derivation ?? null,
    needsConfirmation: d.deadline?.needsConfirmation ?? null,
    rule: d.rule,
    checks: d.checks,
  };
}

function runJsonl(units: DirectoryUnit[]): Promise<number> {
  const calendar = createWorkCalendar([]);
  return answerJsonLines(
    ({ text, date }) => {
      const result = extractDirectives(text, {
        meetingDate: date,
        units,
        calendar,
        namedPeriods: defaultNamedPeriods,
      });
      return { directives: result.directives.map(scorerRow), warnings: result.warnings };
    },
    { directives: [] },
  );
}

/** Display width: CJK characters take two columns in a terminal. */
function width(value: string): number {
  let w = 0;
  for (const c of value)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
      c,
    )
      ? 2
      : 1;
  return w;
}

function padToWidth(value: string, columns: number): string {
  let out = "";
  for (const c of value) {
    if (width(out + c) > columns - (width(value) > columns ? 1 : 0)) {
      out += "…";
      break;
    }
    out += c;
  }
  return out + " ".repeat(Math.max(0, columns - width(out)));
}

function printTable(result: ReturnType<typeof extractDirectives>): void {
  const { meta } = result;
  console.log(
    `会议：${meta.title ?? "（未识别）"}  编号：${meta.number ?? "—"}  日期：${meta.date ?? "不详"}  主持：${meta.chair ?? "—"}`,
  );
  console.log(`共识别督办事项 ${result.directives.length} 项\n`);
  const columns = [
    ["序号", 4],
    ["要求", 8],
    ["责任单位", 28],
    ["完成时限", 16],
    ["截止日期", 12],
    ["内容", 44],
  ] as const;
  console.log(columns.map(([name, w]) => padToWidth(name, w)).join(" "));
  console.log(columns.map(([, w]) => "-".repeat(w)).join(" "));
  result.directives.forEach((d, i) => {
    const units = [
      ...d.units.map((u) => `${u.text}${u.role === "lead" ? "(牵头)" : ""}${u.unitName ? "" : "*"}`),
      ...d.unassigned.map((u) => `[${u}]`),
    ].join("、");
    const due = d.deadline ? `${d.deadline.date ?? "待定"}${d.deadline.needsConfirmation ? "?" : ""}` : "—";
    const row = [
      String(i + 1),
      d.verb,
      units || "—",
      d.deadline?.text ?? "—",
      due,
      d.text.replace(/\s+/g, ""),
    ];
    console.log(
      row.map((cell, k) => padToWidth(cell, (columns[k] as readonly [string, number])[1])).join(" "),
    );
    if (d.topic) console.log(`${" ".repeat(5)}议题：${d.topic}`);
    for (const check of d.checks) console.log(`${" ".repeat(5)}※ ${check}`);
  });
  console.log("\n说明：* 单位名录中尚无该单位；[ ] 泛指对象，需指定责任单位；? 截止日期需确认");
  for (const w of result.warnings) console.log(`提示：${w}`);
}

export async function run(argv: string[]): Promise<number> {
  const parsed = parse(argv);
  if (typeof parsed === "number") return parsed;
  const { values, positionals } = parsed;

  let units: DirectoryUnit[];
  try {
    units = await loadUnits(values.units);
  } catch (error) {
    console.error(`无法读取单位名录：${(error as Error).message}`);
    return 1;
  }
  if (values.jsonl) {
    if (positionals.length > 0) return usage("--jsonl 从标准输入读取，不接受文件参数");
    return runJsonl(units);
  }
  if (positionals.length !== 1) return usage();

  const file = positionals[0] as string;
  let raw: string;
  try {
    raw = file === "-" ? await readStdin() : await readFile(file, "utf8");
  } catch (error) {
    console.error(`无法读取文件 ${file}：${(error as Error).message}`);
    return 1;
  }
  const { header, text } = splitHeader(raw);
  const headerDate = header.date && isCalendarDate(header.date) ? header.date : null;
  const result = extractDirectives(text, {
    meetingDate: values.date ?? headerDate,
    units,
    calendar: createWorkCalendar([]),
    namedPeriods: defaultNamedPeriods,
  });
  if (values.json) console.log(JSON.stringify(result, null, 2));
  else printTable(result);
  return 0;
}

function parse(argv: string[]) {
  return readArguments(
    {
      args: argv,
      allowPositionals: true,
      options: {
        date: { type: "string" },
        json: { type: "boolean" },
        jsonl: { type: "boolean" },
        units: { type: "string" },
      },
    },
    USAGE,
  );
}
