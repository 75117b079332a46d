// The quality check on a progress report (进展反馈) or a completion request's summary (申请办结), run when the
// report is written; its flags are stored on the report and shown to the office. Pure: text in, flags out.

/** Empty phrases of Chinese progress reports: they say that work goes on without saying what was done. */
export const boilerplatePhrases = [
  "正在推进中",
  "正在推进",
  "推进中",
  "按计划推进",
  "按计划进行",
  "稳步推进",
  "有序推进",
  "扎实推进",
  "积极推进",
  "全力推进",
  "持续推进",
  "加快推进",
  "加紧推进",
  "抓紧推进",
  "大力推进",
  "深入推进",
  "进展顺利",
  "进展良好",
  "取得阶段性成效",
  "取得一定成效",
  "取得明显成效",
  "高度重视",
  "认真落实",
  "认真贯彻落实",
  "抓好落实",
  "狠抓落实",
  "贯彻落实",
  "压实责任",
  "强化措施",
  "加强领导",
  "加强统筹",
  "统筹推进",
  "正在办理中",
  "正在办理",
  "正在落实",
  "下一步将继续",
  "下一步",
  "继续加大力度",
  "加大工作力度",
  "确保按时完成",
  "确保如期完成",
  "确保取得实效",
  "目前",
  "相关工作",
  "各项工作",
  "工作",
] as const;

/**
 * Under 15 characters of substance (what is left once the phrases above, punctuation and whitespace are gone) a
 * report cannot say what was done, where and how much: "已完成3号泵站主体浇筑，完成投资420万元" has 19; "本周召开
 * 协调会1次" has 9 and names nothing. 15 is about one plain clause with a subject, an act and a figure.
 */
export const minSubstanceChars = 15;

/**
 * Character-bigram Dice similarity at or above 0.85 counts as "the same report again". Changing a figure or a
 * date in a 40-character report leaves it near 0.9; two reports about different work on the same task share
 * the task's words but stay under 0.7 (see the unit tests).
 */
export const nearCopySimilarity = 0.85;

/**
 * Words and figures that tell a result (已完成, 验收, 竣工, 3处, 120万元 …). A completion request with neither an
 * attached file nor one of these is flagged as without evidence.
 */
const resultWords = [
  "已完成",
  "完成了",
  "全部完成",
  "已竣工",
  "竣工",
  "验收",
  "已通过",
  "已印发",
  "印发",
  "已出台",
  "出台",
  "已建成",
  "建成",
  "已拆除",
  "已整改",
  "整改完毕",
  "已办结",
  "已交付",
  "已投入使用",
  "投用",
  "已签订",
  "签订",
  "已开通",
  "已上线",
];
const figurePattern =
  /[0-9０-９]|[一二三四五六七八九十百千万两]+(?:个|项|处|次|座|条|家|户|人|份|件|台|所|公里|米|吨|亩|元|万元|亿元)/;

export const qualityFlagKinds = ["boilerplate", "near_copy", "no_evidence"] as const;
export type QualityFlag = (typeof qualityFlagKinds)[number];

/** What the office reads for each flag. */
export const qualityFlagWords: Record<QualityFlag, string> = {
  boilerplate: `套话较多，实质内容不足${minSubstanceChars}字`,
  near_copy: "与上次反馈内容基本相同",
  no_evidence: "申请办结但未附佐证材料，也未写明具体成果",
};

/** Words for stored flags; a flag this code no longer knows is shown as it was stored. */
export function describeQualityFlags(flags: readonly string[]): string[] {
  return flags.map((flag) => qualityFlagWords[flag as QualityFlag] ?? flag);
}

// Punctuation (ASCII and CJK) and whitespace carry no substance.
const noise = /[\s\p{P}\p{S}]/gu;

/** The text compared between reports: no whitespace, no punctuation, full-width digits and letters as ASCII. */
export function normaliseReport(text: string): string {
  return text.normalize("NFKC").replace(noise, "").toLowerCase();
}

/** What is left once every empty phrase, punctuation and whitespace are removed. */
export function substanceOf(text: string): string {
  let rest = normaliseReport(text);
  // Longest phrases first, so "正在推进中" goes whole rather than leaving "中".
  const phrases = [...boilerplatePhrases].sort((a, b) => b.length - a.length);
  for (const phrase of phrases) rest = rest.split(phrase).join("");
  return rest;
}

function bigrams(text: string): Map<string, number> {
  const chars = [...text];
  const grams = new Map<string, number>();
  for (let i = 0; i + 1 < chars.length; i++) {
    const gram = chars[i]! + chars[i + 1]!;
    grams.set(gram, (grams.get(gram) ?? 0) + 1);
  }
  return grams;
}

/** Dice coefficient over character bigrams of the normalised texts: 1 for identical, 0 for nothing shared. */
export function bigramSimilarity(a: string, b: string): number {
  const x = normaliseReport(a);
  const y = normaliseReport(b);
  if (x === y) return 1;
  const gx = bigrams(x);
  const gy = bigrams(y);
  let total = 0;
  for (const n of gx.values()) total += n;
  for (const n of gy.values()) total += n;
  if (total === 0) return 0;
  let shared = 0;
  for (const [gram, n] of gx) shared += Math.min(n, gy.get(gram) ?? 0);
  return (2 * shared) / total;
}

/** Whether a text names a result: a result word or a figure. */
export function hasResultWords(text: string): boolean {
  const t = text.normalize("NFKC");
  return figurePattern.test(t) || resultWords.some((word) => t.includes(word));
}

export type ReportToCheck = {
  body: string;
  completion: boolean;
  attachmentCount: number;
  /** The same unit's previous report on the same task, if any. */
  previousBody?: string | null;
};

/**
 * The flags of one report:
 * - boilerplate: fewer than minSubstanceChars characters left after removing empty phrases and punctuation;
 * - near_copy: identical after normalisation to the unit's previous report on the task, or a bigram similarity
 *   of nearCopySimilarity or more;
 * - no_evidence: a completion request with no attached file and no result word or figure in its summary.
 */
export function checkReportQuality(report: ReportToCheck): QualityFlag[] {
  const flags: QualityFlag[] = [];
  if ([...substanceOf(report.body)].length < minSubstanceChars) flags.push("boilerplate");
  if (report.previousBody != null && bigramSimilarity(report.body, report.previousBody) >= nearCopySimilarity)
    flags.push("near_copy");
  if (report.completion && report.attachmentCount === 0 && !hasResultWords(report.body))
    flags.push("no_evidence");
  return flags;
}
