// The extractor against the shared corpora, in one pass:
//   1. the headline figures from the shared scorers (score.mjs, deadlines/score.mjs) driving our CLI, as CI runs
//      them: these are the figures we are judged on, in one table;
//   2. misses by class (segmentation, units by kind, deadlines by phrase type), so that a change helping one class
//      and hurting another shows at once;
//   3. lead-unit suggestions for unit-less directives: top-1 and top-3 against the clerk's gold;
//   4. repeat links (a later directive linked to the open task it asks for again) on our own pairs.
// Exits 1 when a headline figure is below its threshold (headline.ts).
//
//   npm run eval [-- --corpus dev|dev2|sentences|suggest] [--show]
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { loadCorpus, loadSentences, reportDirectiveClasses, reportSentenceClasses } from "./eval/classes.ts";
import {
  type DirectiveScores,
  type SentenceScores,
  scoreDirectives,
  scoreSentences,
  thresholds,
} from "./eval/headline.ts";
import { reportRepeats } from "./eval/repeats.ts";
import { reportSuggestions } from "./eval/suggest.ts";
import { percent, printTable, ratio } from "./eval/table.ts";

const CORPORA = ["dev", "dev2", "sentences", "suggest", "repeats"] as const;
type Corpus = (typeof CORPORA)[number];

function usage(): never {
  console.error(`usage: npm run eval [-- --corpus ${CORPORA.join("|")}] [--show]`);
  process.exit(2);
}
let values: { corpus?: string; show: boolean };
try {
  ({ values } = parseArgs({
    options: { corpus: { type: "string" }, show: { type: "boolean", default: false } },
  }));
} catch {
  usage();
}
if (values.corpus !== undefined && !CORPORA.includes(values.corpus as Corpus)) usage();
const wanted = (c: Corpus) => values.corpus === undefined || values.corpus === c;
const show = values.show;

const root = fileURLToPath(new URL("..", import.meta.url));
const shared = fileURLToPath(new URL("../../shared/corpus/", import.meta.url));
const corpusDir = (name: string) => `${shared}${name}`;
const sentencesFile = `${shared}deadlines/sentences.jsonl`;

const directiveRuns = (["dev", "dev2"] as const).filter(wanted).flatMap((name) => [
  { name, fullwidth: false },
  { name, fullwidth: true },
]);
const sentenceRuns = wanted("sentences") ? [false, true] : [];

const scores: (DirectiveScores | SentenceScores)[] = [
  ...directiveRuns.map((r) => scoreDirectives(corpusDir(r.name), r.fullwidth, root)),
  ...sentenceRuns.map((cjk) => scoreSentences(sentencesFile, cjk, root)),
];

if (scores.length > 0) {
  console.log(
    `headline (shared scorers; thresholds: seg ${thresholds.seg}, units ${thresholds.units}, deadline ` +
      `${thresholds.deadline}; sentences dates ≥ ${thresholds.dates * 100} %, false ≤ ${thresholds.falseDeadlines * 100} %)`,
  );
  printTable(
    [
      "corpus",
      "seg P",
      "seg R",
      "seg F1",
      "units F1",
      "deadl. F1",
      "dates right",
      "false deadlines",
      "result",
    ],
    scores.map((s) =>
      s.kind === "directives"
        ? [
            s.label,
            s.segP.toFixed(3),
            s.segR.toFixed(3),
            s.segF1.toFixed(3),
            s.unitsF1.toFixed(3),
            s.deadlineF1.toFixed(3),
            ratio(s.datesRight, s.datesGold),
            "–",
            s.passed ? "ok" : `BELOW: ${s.below.join(", ")}`,
          ]
        : [
            s.label,
            "–",
            "–",
            "–",
            "–",
            "–",
            `${ratio(s.datesRight, s.dated)} ${percent(s.datesRight, s.dated)}`,
            `${ratio(s.falsePos, s.negatives)} ${percent(s.falsePos, s.negatives)}`,
            s.passed ? "ok" : `BELOW: ${s.below.join(", ")}`,
          ],
    ),
  );
}

for (const r of directiveRuns) {
  const label = `${r.name}${r.fullwidth ? " --fullwidth" : ""}`;
  reportDirectiveClasses(label, loadCorpus(corpusDir(r.name), r.fullwidth), show);
}
if (sentenceRuns.length > 0) {
  const rows = loadSentences(sentencesFile);
  for (const cjk of sentenceRuns) reportSentenceClasses(`sentences${cjk ? " --cjk" : ""}`, rows, cjk, show);
}
if (wanted("suggest")) reportSuggestions(corpusDir("dev"), corpusDir("dev2"), show);
if (wanted("repeats")) reportRepeats(show);

const failed = scores.filter((s) => !s.passed);
if (scores.length > 0) {
  console.log(
    failed.length === 0
      ? "\neval: every headline figure meets its threshold"
      : `\neval: FAILED, below threshold on ${failed.map((s) => s.label).join(", ")}`,
  );
}
process.exitCode = failed.length === 0 ? 0 : 1;
