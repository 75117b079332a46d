// Throughput of the directive extractor: the dev corpus (read at run time from ../shared) and one 20,000-character
// record built by concatenating its texts. Prints a table, then one JSON line for machines.
//   npm run bench:extract
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createWorkCalendar } from "../src/extract/calendar.ts";
import { defaultNamedPeriods, type ExtractContext, extractDirectives } from "../src/extract/extract.ts";

const corpusDir = fileURLToPath(new URL("../../shared/corpus/dev/docs", import.meta.url));

// Used when the shared corpus is not checked out beside the project.
const FALLBACK_RECORD = `2024年4月12日，区长王建国主持召开区政府第15次常务会议。
会议听取了区水务局关于城区防汛准备工作情况的汇报。会议要求，区水务局要牵头做好河道清淤和排涝泵站检修，在主汛期前完成全部度汛工程；各街道要落实防汛责任人，5月15日前完成隐患点排查。
会议原则同意区住建局提出的老旧小区改造资金筹措方案。由区财政局负责统筹资金，区住建局配合，于6月30日前拨付首批资金。
会议强调，区教育局要会同区发改局加快推进新建学校建设，确保秋季开学前投入使用。`;

type Doc = { text: string; date: string | null };

function loadCorpus(): Doc[] {
  if (!existsSync(corpusDir)) return [{ text: FALLBACK_RECORD, date: "2024-04-12" }];
  return readdirSync(corpusDir)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((f) => {
      const raw = readFileSync(`${corpusDir}/${f}`, "utf8");
      const cut = raw.indexOf("\n\n");
      const date = /^date: (\d{4}-\d{2}-\d{2})$/m.exec(raw.slice(0, cut))?.[1] ?? null;
      return { text: raw.slice(cut + 2), date };
    });
}

function context(date: string | null): ExtractContext {
  return { meetingDate: date, units: [], calendar, namedPeriods: defaultNamedPeriods };
}

const calendar = createWorkCalendar([]);

/** Runs `work` repeatedly for at least `minMs` and returns milliseconds per run. */
function measure(work: () => void, minMs: number): number {
  for (let i = 0; i < 3; i++) work();
  let runs = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    work();
    runs++;
    elapsed = performance.now() - started;
  }
  return elapsed / runs;
}

const docs = loadCorpus();
const msPerCorpusPass = measure(() => {
  for (const doc of docs) extractDirectives(doc.text, context(doc.date));
}, 2000);
const msPerRecord = msPerCorpusPass / docs.length;

let long = "";
for (let i = 0; long.length < 20_000; i++) long += `${(docs[i % docs.length] as Doc).text}\n`;
long = long.slice(0, 20_000);
const ms20k = measure(() => extractDirectives(long, context("2024-04-12")), 2000);

const rows: [string, string, string][] = [
  ["语料（平均每份）", `${(1000 / msPerRecord).toFixed(1)} 份/秒`, `${msPerRecord.toFixed(3)} 毫秒/份`],
  [`2万字纪要（${long.length} 字）`, `${(1000 / ms20k).toFixed(1)} 份/秒`, `${ms20k.toFixed(3)} 毫秒/份`],
];
console.log(
  `directive extractor, ${docs.length} corpus records${existsSync(corpusDir) ? "" : " (fallback fixture)"}`,
);
console.log(`${"测试".padEnd(16)}${"吞吐".padEnd(16)}耗时`);
for (const [name, rate, ms] of rows) console.log(`${name.padEnd(16)}${rate.padEnd(16)}${ms}`);
console.log(
  JSON.stringify({
    records_per_s: Number((1000 / msPerRecord).toFixed(1)),
    ms_per_record: Number(msPerRecord.toFixed(3)),
    ms_20k_chars: Number(ms20k.toFixed(3)),
  }),
);
