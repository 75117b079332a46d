// The figures we are judged on: the shared scorers, started exactly as CI starts them, each driving our CLI over
// its JSON-lines protocol. Their printed summary is parsed for the table; their exit status decides pass or fail.
import { spawnSync } from "node:child_process";
import path from "node:path";

export const thresholds = {
  seg: 0.93,
  units: 0.88,
  deadline: 0.88,
  /** sentences: share of resolvable positives given the right date. */
  dates: 0.85,
  /** sentences: share of negatives given a deadline. */
  falseDeadlines: 0.08,
};

export type DirectiveScores = {
  kind: "directives";
  label: string;
  segP: number;
  segR: number;
  segF1: number;
  unitsF1: number;
  deadlineF1: number;
  datesRight: number;
  datesGold: number;
  passed: boolean;
  below: string[];
};

export type SentenceScores = {
  kind: "sentences";
  label: string;
  datesRight: number;
  dated: number;
  nullRight: number;
  nullRows: number;
  falsePos: number;
  negatives: number;
  passed: boolean;
  below: string[];
};

const EXTRACT = ["node", "--import", "tsx", "src/cli.ts", "extract", "--jsonl"];
const DEADLINE = ["node", "--import", "tsx", "src/cli.ts", "deadline", "--jsonl"];

function run(args: string[], root: string): { stdout: string; status: number | null } {
  const result = spawnSync("node", args, { cwd: root, encoding: "utf8", maxBuffer: 64 << 20 });
  if (result.stderr.trim()) process.stderr.write(result.stderr);
  return { stdout: result.stdout ?? "", status: result.status };
}

function figure(output: string, pattern: RegExp): RegExpExecArray {
  const m = pattern.exec(output);
  if (!m) throw new Error(`the scorer printed no line matching ${pattern}:\n${output}`);
  return m;
}

/** score.mjs on one corpus and punctuation variant. */
export function scoreDirectives(corpusDir: string, fullwidth: boolean, root: string): DirectiveScores {
  const { stdout, status } = run(
    [
      path.join(corpusDir, "..", "score.mjs"),
      "--corpus",
      corpusDir,
      ...(fullwidth ? ["--fullwidth"] : []),
      "--min-seg",
      String(thresholds.seg),
      "--min-units",
      String(thresholds.units),
      "--min-deadline",
      String(thresholds.deadline),
      "--",
      ...EXTRACT,
    ],
    root,
  );
  const seg = figure(stdout, /^segmentation\s+P ([\d.]+)\s+R ([\d.]+)\s+F1 ([\d.]+)/m);
  const units = figure(stdout, /^units\s+.*F1 ([\d.]+)/m);
  const deadlines = figure(stdout, /^deadlines\s+.*F1 ([\d.]+)\s+dates right (\d+)\/(\d+)/m);
  const scores = {
    segP: Number(seg[1]),
    segR: Number(seg[2]),
    segF1: Number(seg[3]),
    unitsF1: Number(units[1]),
    deadlineF1: Number(deadlines[1]),
  };
  const below = [
    ...(scores.segF1 < thresholds.seg ? [`seg ${seg[3]} < ${thresholds.seg}`] : []),
    ...(scores.unitsF1 < thresholds.units ? [`units ${units[1]} < ${thresholds.units}`] : []),
    ...(scores.deadlineF1 < thresholds.deadline ? [`deadline ${deadlines[1]} < ${thresholds.deadline}`] : []),
  ];
  return {
    kind: "directives",
    label: `${path.basename(corpusDir)}${fullwidth ? " --fullwidth" : ""}`,
    ...scores,
    datesRight: Number(deadlines[2]),
    datesGold: Number(deadlines[3]),
    passed: status === 0 && below.length === 0,
    below: status === 0 || below.length > 0 ? below : [`scorer exited ${status}`],
  };
}

/** deadlines/score.mjs on the labelled sentences, plain or with ，：；（） restored. */
export function scoreSentences(file: string, cjk: boolean, root: string): SentenceScores {
  const { stdout, status } = run(
    [
      path.join(path.dirname(file), "score.mjs"),
      file,
      ...(cjk ? ["--cjk"] : []),
      "--min-dates",
      String(thresholds.dates),
      "--max-false",
      String(thresholds.falseDeadlines),
      "--",
      ...DEADLINE,
    ],
    root,
  );
  const m = figure(
    stdout,
    /dates right (\d+)\/(\d+) .*kept null (\d+)\/(\d+), false deadlines on negatives (\d+)\/(\d+)/,
  );
  const [datesRight, dated, nullRight, nullRows, falsePos, negatives] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const below = [
    ...(datesRight < thresholds.dates * dated
      ? [`dates ${datesRight}/${dated} < ${thresholds.dates * 100} %`]
      : []),
    ...(falsePos > thresholds.falseDeadlines * negatives
      ? [`false ${falsePos}/${negatives} > ${thresholds.falseDeadlines * 100} %`]
      : []),
  ];
  return {
    kind: "sentences",
    label: `sentences${cjk ? " --cjk" : ""}`,
    datesRight,
    dated,
    nullRight,
    nullRows,
    falsePos,
    negatives,
    passed: status === 0 && below.length === 0,
    below: status === 0 || below.length > 0 ? below : [`scorer exited ${status}`],
  };
}
