// Whether a new directive goes back to an open task instead of asking for new work: "会议再次强调，要抓好病险水库
// 除险加固" after "水务局要在主汛期前完成病险水库除险加固" is the same task, asked for a second time. Pure: texts in,
// candidates with their reasons out; the tasks feature reads the open tasks and keeps the office's choice.
//
// Two texts are compared on what they are about: the words every directive uses (要求、加快、工作 …), unit names,
// figures and punctuation are cut out (vocabulary/repeat-markers.ts), and what is left is compared as Chinese
// character pairs (Dice's coefficient over bigrams, which needs no word list and survives reordering). How much
// overlap is enough depends on what else is known: the same unit, or a marker such as "再次强调", lowers the bar;
// a different unit named on both sides raises it, since the same work asked of two units is two tasks.
import { emptyWords, repeatMarkers } from "./vocabulary/repeat-markers.ts";

export type RepeatProbe = {
  /** The new directive's text. */
  text: string;
  topic: string | null;
  /** The units the new directive names (lead first), from the directory. */
  unitNames: string[];
};

export type OpenTaskText = {
  id: number;
  title: string;
  topic: string | null;
  sourceText: string | null;
  /** Lead unit first, then the co-units. */
  unitNames: string[];
  meetingTitle: string | null;
  /** "YYYY-MM-DD" or null. */
  heldOn: string | null;
};

export type UnitRelation = "same" | "unknown" | "different";

export type RepeatCandidate = {
  taskId: number;
  /** Dice's coefficient of the two subjects' character pairs, 0 … 1. */
  score: number;
  sharedWords: string[];
  unit: UnitRelation;
  marker: string | null;
  /** Why, in the office's words: "再次强调；共同主题词：病险水库、除险加固；同为水务局牵头；首次见于…". */
  why: string;
};

/**
 * The overlap a candidate needs, by what is known of the units, before a marker lowers it. Set on the pairs in
 * bench/eval/repeat-pairs.json (npm run eval prints precision and recall): with the same unit a shared subject of a
 * few words is a repeat; across named different units only a near restatement is.
 */
export const linkThresholds: Record<UnitRelation, number> = { same: 0.55, unknown: 0.6, different: 0.85 };
/** How far a repeat marker ("再次强调", "继续抓好") lowers the bar. */
export const markerAllowance = 0.15;
/** Candidates offered per draft: the office reads them, so few. */
export const maxCandidates = 3;

const markersByLength = [...repeatMarkers].sort((a, b) => b.length - a.length);
const emptyPattern = new RegExp(
  [...emptyWords]
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("|"),
  "g",
);

export function repeatMarkerOf(text: string): string | null {
  return markersByLength.find((m) => text.includes(m)) ?? null;
}

/** The runs of Chinese characters left once unit names, empty words, figures and punctuation are cut out. */
export function subjectRuns(text: string, unitNames: string[]): string[] {
  let t = text;
  for (const name of [...unitNames].sort((a, b) => b.length - a.length))
    if (name) t = t.split(name).join(" ");
  t = t.replace(emptyPattern, " ");
  return t.split(/[^\u4e00-\u9fff]+/).filter((run) => run.length >= 2);
}

function bigramsOf(runs: string[]): Set<string> {
  const grams = new Set<string>();
  for (const run of runs) for (let i = 0; i + 1 < run.length; i++) grams.add(run.slice(i, i + 2));
  return grams;
}

/** The longest stretches of the probe's runs whose every pair the other side has too: the words shown as why. */
function sharedStretches(runs: string[], other: Set<string>): string[] {
  const found: string[] = [];
  for (const run of runs) {
    let start = -1;
    for (let i = 0; i + 1 <= run.length; i++) {
      const inside = i + 1 < run.length && other.has(run.slice(i, i + 2));
      if (inside && start < 0) start = i;
      if (!inside && start >= 0) {
        found.push(run.slice(start, i + 1));
        start = -1;
      }
    }
  }
  return [...new Set(found)].sort((a, b) => b.length - a.length);
}

function unitRelation(probe: string[], task: string[]): UnitRelation {
  if (probe.length === 0 || task.length === 0) return "unknown";
  return probe.some((name) => task.includes(name)) ? "same" : "different";
}

function whyOf(c: Omit<RepeatCandidate, "why">, task: OpenTaskText): string {
  const parts: string[] = [];
  if (c.marker) parts.push(`原文有“${c.marker}”`);
  if (c.sharedWords.length) parts.push(`共同主题词：${c.sharedWords.slice(0, 4).join("、")}`);
  if (c.unit === "same") parts.push(`同为${task.unitNames[0] ?? "该单位"}承办`);
  if (task.meetingTitle)
    parts.push(`首次见于${task.meetingTitle}${task.heldOn ? `（${chineseDate(task.heldOn)}）` : ""}`);
  return parts.join("；");
}

function chineseDate(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

/** The open tasks the new directive may repeat, best first, at most maxCandidates. */
export function findRepeats(probe: RepeatProbe, tasks: OpenTaskText[]): RepeatCandidate[] {
  const marker = repeatMarkerOf(probe.text);
  const probeRuns = subjectRuns([probe.topic ?? "", probe.text].join(" "), probe.unitNames);
  const probeGrams = bigramsOf(probeRuns);
  if (probeGrams.size === 0) return [];
  const found: RepeatCandidate[] = [];
  for (const task of tasks) {
    const names = [...new Set([...task.unitNames, ...probe.unitNames])];
    const taskGrams = bigramsOf(subjectRuns([task.topic, task.title, task.sourceText].join(" "), names));
    if (taskGrams.size === 0) continue;
    let shared = 0;
    for (const g of probeGrams) if (taskGrams.has(g)) shared++;
    const score = (2 * shared) / (probeGrams.size + taskGrams.size);
    const unit = unitRelation(probe.unitNames, task.unitNames);
    const bar = linkThresholds[unit] - (marker ? markerAllowance : 0);
    if (score < bar) continue;
    const c = { taskId: task.id, score, sharedWords: sharedStretches(probeRuns, taskGrams), unit, marker };
    found.push({ ...c, why: whyOf(c, task) });
  }
  return found.sort((a, b) => b.score - a.score || a.taskId - b.taskId).slice(0, maxCandidates);
}
