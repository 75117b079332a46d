// duban deadline: the first completion-by phrase in a sentence and the date it means for a meeting on a given day,
// for a person (readable or JSON) or in batch (JSON lines in, JSON lines out, answered line by line).
import { createWorkCalendar } from "../extract/calendar.ts";
import { findDeadline } from "../extract/deadline.ts";
import { findSchedule } from "../extract/deadline-schedule.ts";
import { defaultNamedPeriods } from "../extract/named-periods.ts";
import { readArguments, usageError } from "./arguments.ts";
import { answerJsonLines } from "./jsonl.ts";

const USAGE = `用法：
  duban deadline 文本 --date YYYY-MM-DD [--json]
  duban deadline --jsonl

  文本        含完成时限的句子，如"在主汛期前完成全部除险加固任务"
  --date      会议日期，用于推算相对时限（如"一个月内""年底前"）
  --json      输出 JSON
  --jsonl     批处理：每行读入 {"id","date","text"}，每行输出 {"id","deadlineText","deadline","derivation","needsConfirmation"}，
              有则另加 timeOfDay（时刻）、planned（计划/力争）、schedule（长期或周期性任务，如“每月报告一次”，
              此时无截止日期，deadlineText 为 null）`;

const DERIVATION_LABELS = { stated: "原文写明日期", rule: "按规则推算" } as const;

const usage = (message?: string) => usageError(USAGE, message);

function resolve(text: string, meetingDate: string | null) {
  return findDeadline(text, {
    meetingDate,
    calendar: createWorkCalendar([]),
    namedPeriods: defaultNamedPeriods,
  });
}

const EMPTY_ROW = { deadlineText: null, deadline: null, derivation: null, needsConfirmation: null };

// timeOfDay, planned and schedule appear only when they say something, so that rows of plain deadlines keep the
// four fields batch callers already read.
function runJsonl(): Promise<number> {
  return answerJsonLines(({ text, date }) => {
    const found = resolve(text, date);
    if (!found) {
      const schedule = findSchedule(text);
      return schedule ? { ...EMPTY_ROW, schedule } : EMPTY_ROW;
    }
    return {
      deadlineText: found.text,
      deadline: found.date,
      derivation: found.derivation,
      needsConfirmation: found.needsConfirmation,
      ...(found.timeOfDay ? { timeOfDay: found.timeOfDay } : {}),
      ...(found.planned ? { planned: true } : {}),
    };
  }, EMPTY_ROW);
}

export async function run(argv: string[]): Promise<number> {
  const parsed = parse(argv);
  if (typeof parsed === "number") return parsed;
  const { values, positionals } = parsed;
  if (values.jsonl)
    return positionals.length === 0 ? runJsonl() : usage("--jsonl 从标准输入读取，不接受文本参数");
  if (positionals.length !== 1) return usage();

  const found = resolve(positionals[0] as string, values.date ?? null);
  if (values.json) {
    console.log(
      JSON.stringify(
        found ? found : { text: null, date: null, derivation: null, needsConfirmation: null, warnings: [] },
        null,
        2,
      ),
    );
    return 0;
  }
  if (!found) {
    const schedule = findSchedule(positionals[0] as string);
    if (schedule) {
      console.log(
        `未找到完成时限；${schedule.kind === "ongoing" ? "长期任务" : "周期性任务"}：${schedule.text}`,
      );
      console.log(`说明：${schedule.note}`);
      return 0;
    }
    console.log("未找到完成时限（“尽快”“抓紧”“按时”等不视为时限）");
    return 0;
  }
  console.log(`时限表述：${found.text}`);
  console.log(`截止日期：${found.date ?? "无法确定"}`);
  console.log(`推算方式：${DERIVATION_LABELS[found.derivation]}`);
  if (found.timeOfDay) console.log(`时刻：${found.timeOfDay}（截止日期按当天计）`);
  if (found.planned) console.log("表述：计划/力争（非硬性要求）");
  console.log(`需要确认：${found.needsConfirmation ? "是" : "否"}`);
  if (found.note) console.log(`说明：${found.note}`);
  for (const w of found.warnings) console.log(`提示：${w}`);
  return 0;
}

function parse(argv: string[]) {
  return readArguments(
    {
      args: argv,
      allowPositionals: true,
      options: { date: { type: "string" }, json: { type: "boolean" }, jsonl: { type: "boolean" } },
    },
    USAGE,
  );
}
