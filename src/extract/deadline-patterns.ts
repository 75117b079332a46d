// Regular expressions built once from the deadline vocabulary (vocabulary/deadline-words.ts). The finder matches on
// the normalised text, so full-width （）：，； are the only forms of those marks it ever sees.
import * as words from "./vocabulary/deadline-words.ts";

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** One regex alternative per word, longest first so that "截止到" is preferred over "截止". */
export function alternation(list: readonly string[]): string {
  return [...list]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join("|");
}

const any = (list: readonly string[]) => `(?:${alternation(list)})`;

export const LEAD = `${any(words.leadWords)}?`;
export const MONTH_PART = `(${alternation(Object.keys(words.monthParts))})`;
export const DAY_PART = any(words.dayParts);
/** "17:30", "17:00点", "下午5点", "5点半", "0时", "下班" — optionally after "（星期五）". */
export const TIME_OF_DAY = `(?:（(?:星期|周)[一二三四五六日天]）)?((?:${DAY_PART})?(?:\\d{1,2}:\\d{2}(?:时|点)?|\\d{1,2}[时点](?:\\d{1,2}分|半|整)?|下班)|(?:${DAY_PART}))?`;

const COMPLETION = `${any(words.completionQuantifiers)}*${any(words.completionVerbs)}`;
/** Directly after a phrase: it is a completion-by target. */
export const completionAfter = new RegExp(`^(?:${COMPLETION}|全部(?!${any(words.startVerbs)}))`);
/** Somewhere later in the same clause (a short distance): "确保热用户10月15日0时室温达标". */
export const completionLater = new RegExp(`^[^，；。：！？\\n]{0,14}?${any(words.completionVerbs)}`);
/** "汛前准备" and "汛前准备整改" name a task; "汛前检查完毕" is still a deadline. */
export const taskNameAfter = new RegExp(
  `^${any(words.periodTaskNouns)}(?!${any(words.completionQuantifiers)}*${any(words.finishedWords)})`,
);
export const completionVerb = new RegExp(any(words.completionVerbs));
export const startAfter = new RegExp(`^${any(words.completionQuantifiers)}*${any(words.startVerbs)}`);
/** "一季度开工项目": the verb qualifies a noun, so the period names a category of projects. */
export const attributiveAfter = new RegExp(
  `^${any(words.completionQuantifiers)}*${any(words.attributiveVerbs)}的?${any(words.attributiveNouns)}`,
);

// 要 on its own is an order; inside 主要, 重要, 纪要, 要点 … it is not. Lookarounds keep that a single regex.
const charsBeforeYao = words.notOrderCompounds.filter((w) => w.endsWith("要")).map((w) => w.slice(0, -1));
const charsAfterYao = words.notOrderCompounds.filter((w) => w.startsWith("要")).map((w) => w.slice(1));
const ORDER = `(?:${alternation(words.orderWords.filter((w) => w !== "要"))}|(?<!${any(charsBeforeYao)})要(?!${any(charsAfterYao)}))`;
export const orderWord = new RegExp(ORDER);
export const planWord = new RegExp(any(words.planWords));
export const orderOrPlanWord = new RegExp(`${ORDER}|${any(words.planWords)}`);

export const forecastWord = new RegExp(any(words.forecastWords));
export const forecastAfter = new RegExp(`^${any(words.forecastAfter)}(?!以|是|能)`);
export const pastBefore = new RegExp(`${any(words.pastBefore)}${any(words.targetVerbsBefore)}?$`);
export const targetVerbBefore = new RegExp(`${any(words.targetVerbsBefore)}$`);
export const pastAfter = new RegExp(`^${any(words.pastAfter)}`);
export const asOfBefore = new RegExp(`${any(words.asOfWords)}$`);
export const asOfStatus = new RegExp(any(words.asOfStatusWords));
/** "到2024年底，全县已建成…": 到/至 + a date + a report of what is done, an as-of status like 截至. */
export const reachedBefore = /(?<![起后日号截])[到至]$/;
export const reachedStatus = new RegExp(any(words.reachedStatusWords));
export const cutOffSignal = new RegExp(any(words.cutOffSignals));
export const windowAfter = new RegExp(`^${any(words.windowAfter)}`);
export const windowBefore = new RegExp(`${any(words.windowBefore)}$`);
/** "自12月15日起至", "即日起至", "春节后至", "4月5日至": the phrase after it ends a span. */
export const windowStartBefore = new RegExp(`(${any(words.windowStarts)}|[日号])，?(?:至|到)$`);
export const rangeAfter = /^(?:至|到|～|~|—|－|-)(?:\d|[一二三四五六七八九十])/;
export const COMPULSORY_ACT = any(words.compulsoryActs);
export const compulsoryAct = new RegExp(COMPULSORY_ACT);
export const cadenceBefore = new RegExp(`(?:${alternation(words.cadencePrefixes)}|每个)的?$`);
export const ageAfter = new RegExp(`^(?:前)?${any(words.ageWords)}`);
export const labelBefore = new RegExp(
  `(?:${alternation(words.deadlineLabels)}|${any(words.compulsoryActs)}(?:时间|日期|期限))(?:${alternation(words.labelJoiners)})?$`,
);
export const documentAnchor = new RegExp(any(words.documentAnchors));
export const selfReference = new RegExp(any(words.selfReferences));
export const periodNameAfter = new RegExp(`^${any(words.periodNameAfter)}`);
export const eventTargetAfter = new RegExp(`^${any(words.eventTargetAfter)}`);
export const standingAnchor = new RegExp(any(words.standingAnchors));
export const standingCondition = new RegExp(`^${any(words.standingConditions)}[^，。；]*的`);
export const glossAfter = new RegExp(
  `^（${any(words.glossWords)}((?:\\d{4}年)?\\d{1,2}月\\d{1,2}[日号])(?:24时|\\d{1,2}:\\d{2})?(?:之前|以前|前)?）`,
);
export const noticeWindowAct = new RegExp(any(words.noticeWindowActs));
export const NOTICE_WINDOW = `(${alternation(words.noticeWindows)})`;
export const OPEN_LIMIT = `(${alternation(words.openLimitWords)})`;
export const openLimitNotAfter = new RegExp(`^(?:${alternation(words.openLimitNotAfter)})`);
export const openLimitNotBefore = new RegExp(`(?:${alternation(words.openLimitNotBefore)})$`);
export const ONGOING = alternation(words.ongoingWords);
export const CYCLE_PERIOD = `(${alternation(Object.keys(words.cyclePeriods))})`;
export const CYCLE_ACT = `(${alternation(words.cycleActs)})`;
