// Lead-unit suggestions against the clerk's gold: top-1 and top-3 accuracy with the directory's duties alone, then
// with a history of hand-outs. unit-suggestions.gold.json (the demo meeting's and dev's unit-less directives) is
// the gold of the issue; its history is built from the other gold items (leave-one-out: an item never learns from
// itself). unit-suggestions.dev2.gold.json was annotated after the duties were written and is held out: a check
// that the duties were not fitted to dev; its history is the whole first gold.
import { readFileSync } from "node:fs";
import path from "node:path";
import { createWorkCalendar } from "../../src/extract/calendar.ts";
import { defaultNamedPeriods, extractDirectives } from "../../src/extract/extract.ts";
import {
  createUnitSuggester,
  type PastHandout,
  type UnitSuggester,
  type UnitSuggestion,
} from "../../src/extract/suggest-units.ts";
import { demoMeeting, demoUnits } from "../../src/features/demo/district.ts";
import { percent, printTable, ratio } from "./table.ts";

type GoldItem = { record: string; index: number; text: string; units: string[]; note?: string };
type Item = GoldItem & { directive: string; topic: string | null };

/** Each gold item with its full directive and topic: from the demo meeting, or from the corpus's gold. */
function loadItems(goldName: string, corpusDir: string): Item[] {
  const gold = JSON.parse(readFileSync(new URL(goldName, import.meta.url), "utf8")) as GoldItem[];
  const demo = extractDirectives(demoMeeting.text, {
    meetingDate: demoMeeting.heldOn,
    units: [],
    calendar: createWorkCalendar([]),
    namedPeriods: defaultNamedPeriods,
  }).directives;
  return gold.map((g) => {
    if (g.record === "demo") {
      const d = demo.find((x) => x.text.startsWith(g.text));
      if (!d) throw new Error(`the demo meeting has no directive starting ${g.text}`);
      return { ...g, directive: d.text, topic: d.topic };
    }
    const directives = JSON.parse(readFileSync(path.join(corpusDir, "gold", `${g.record}.json`), "utf8"));
    const d = directives[g.index] as { text: string; topic: string | null } | undefined;
    if (!d?.text.startsWith(g.text)) throw new Error(`${g.record} #${g.index} does not start ${g.text}`);
    return { ...g, directive: d.text, topic: d.topic };
  });
}

const handout = (item: Item): PastHandout => ({
  text: `${item.topic ?? ""}\n${item.directive}`,
  unitName: item.units[0]!,
});
const ask = (suggest: UnitSuggester, item: Item) => suggest({ text: item.directive, topic: item.topic });

type Row = {
  label: string;
  items: Item[];
  suggesterFor: (item: Item) => UnitSuggester;
  timed: UnitSuggester;
};

export function reportSuggestions(devDir: string, dev2Dir: string, show: boolean): void {
  const items = loadItems("unit-suggestions.gold.json", devDir);
  const heldOut = loadItems("unit-suggestions.dev2.gold.json", dev2Dir);
  const scored = items.filter((i) => i.units.length > 0);
  const heldOutScored = heldOut.filter((i) => i.units.length > 0);
  console.log(
    `\nunit suggestions: ${items.length} unit-less directives (the demo meeting's and dev's), ` +
      `${items.length - scored.length} with no fitting unit in the demo directory, left out; ` +
      `held out: dev2's ${heldOut.length}, ${heldOut.length - heldOutScored.length} left out`,
  );

  const dutiesOnly = createUnitSuggester(demoUnits);
  const withAllHistory = createUnitSuggester(demoUnits, scored.map(handout));
  const rows: Row[] = [
    { label: "duties only", items: scored, suggesterFor: () => dutiesOnly, timed: dutiesOnly },
    {
      label: "duties + history (leave-one-out)",
      items: scored,
      suggesterFor: (item) =>
        createUnitSuggester(demoUnits, scored.filter((other) => other !== item).map(handout)),
      timed: withAllHistory,
    },
    {
      label: "held out: dev2, duties only",
      items: heldOutScored,
      suggesterFor: () => dutiesOnly,
      timed: dutiesOnly,
    },
    {
      label: "held out: dev2, + history of the above",
      items: heldOutScored,
      suggesterFor: () => withAllHistory,
      timed: withAllHistory,
    },
  ];

  const misses: string[] = [];
  const table = rows.map((row) => {
    let top1 = 0;
    let top3 = 0;
    for (const item of row.items) {
      const got = ask(row.suggesterFor(item), item);
      if (got[0] && item.units.includes(got[0].unitName)) top1++;
      else misses.push(`${row.label}: ${describe(item, got)}`);
      if (got.some((s) => item.units.includes(s.unitName))) top3++;
    }
    const n = row.items.length;
    return [
      row.label,
      `${ratio(top1, n)} ${percent(top1, n)}`,
      `${ratio(top3, n)} ${percent(top3, n)}`,
      msEach(row.timed, row.items).toFixed(3),
    ];
  });
  printTable(["suggestions (aim 70 % / 90 %)", "top-1", "top-3", "ms each"], table);

  const leftOut = items.filter((i) => i.units.length === 0);
  const answered = leftOut.filter((i) => ask(dutiesOnly, i).length > 0);
  console.log(
    `  of the ${leftOut.length} left out, ${answered.length} still get a suggestion from the duties`,
  );
  if (show) {
    for (const m of misses) console.log(`    ${m}`);
    for (const item of [...leftOut, ...heldOut.filter((i) => i.units.length === 0)]) {
      console.log(
        `    left out: ${describe(item, ask(dutiesOnly, item))}${item.note ? ` (${item.note})` : ""}`,
      );
    }
  }
}

/** Milliseconds per directive once warm: every item, twenty times over. */
function msEach(suggest: UnitSuggester, items: Item[]): number {
  for (const item of items) ask(suggest, item);
  const started = performance.now();
  for (let round = 0; round < 20; round++) for (const item of items) ask(suggest, item);
  return (performance.now() - started) / (20 * items.length);
}

function describe(item: Item, got: UnitSuggestion[]): string {
  const want = item.units.length ? item.units.join("/") : "none";
  const list = got.map((s) => `${s.unitName}（${s.reason}）`).join(" | ") || "nothing";
  return `${item.record} #${item.index} ${item.text.slice(0, 16)}… want ${want}, got ${list}`;
}
