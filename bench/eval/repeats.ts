// The repeat matcher (src/extract/repeat-match.ts) on pairs we wrote ourselves (repeat-pairs.json): an earlier
// directive that is an open task, and a later one that repeats it, is about something else, or is new work on
// the same subject. Two runs: each later directive against its own earlier one, and against all the earlier
// directives at once (the office's real situation: many open tasks, of which at most one is the right one).
// Precision: links proposed that are right; recall: repeats whose right task is proposed first.
import { readFileSync } from "node:fs";
import { findRepeats, type OpenTaskText } from "../../src/extract/repeat-match.ts";
import { percent, printTable, ratio } from "./table.ts";

type Side = { text: string; units: string[] };
type Pair = { label: "repeat" | "new-subject" | "same-subject"; earlier: Side; later: Side };

function asTask(side: Side, id: number): OpenTaskText {
  return {
    id,
    title: side.text.split(/[，。]/)[0] ?? side.text,
    topic: null,
    sourceText: side.text,
    unitNames: side.units,
    meetingTitle: "区政府第20次常务会议纪要",
    heldOn: "2026-05-10",
  };
}

export function reportRepeats(show: boolean): void {
  const { pairs } = JSON.parse(readFileSync(new URL("repeat-pairs.json", import.meta.url), "utf8")) as {
    pairs: Pair[];
  };
  const earlierTexts = [...new Set(pairs.map((p) => p.earlier.text))];
  const pool = earlierTexts.map((text, i) =>
    asTask(pairs.find((p) => p.earlier.text === text)!.earlier, i + 1),
  );
  const rows = (["own pair", "all earlier"] as const).map((run) => {
    let proposed = 0;
    let right = 0;
    let repeats = 0;
    let found = 0;
    for (const p of pairs) {
      const want = earlierTexts.indexOf(p.earlier.text) + 1;
      const tasks = run === "own pair" ? [pool[want - 1]!] : pool;
      const [best] = findRepeats({ text: p.later.text, topic: null, unitNames: p.later.units }, tasks);
      const ok = p.label === "repeat" && best?.taskId === want;
      if (best) proposed++;
      if (ok) right++;
      if (p.label === "repeat") repeats++;
      if (ok) found++;
      if (show && (p.label === "repeat" ? !ok : best !== undefined))
        console.log(
          `  ${run} · ${p.label} · ${best ? `→ #${best.taskId} ${best.score.toFixed(2)}` : "no link"} · ${p.later.text}`,
        );
    }
    return [
      run,
      ratio(right, proposed),
      percent(right, proposed),
      ratio(found, repeats),
      percent(found, repeats),
    ];
  });
  const counts = ["repeat", "new-subject", "same-subject"].map(
    (l) => pairs.filter((p) => p.label === l).length,
  );
  console.log(
    `\nrepeat links on our own pairs (${counts[0]} repeats, ${counts[1]} new subjects, ${counts[2]} same subject new work)`,
  );
  printTable(["compared with", "right/proposed", "precision", "found/repeats", "recall"], rows);
}
