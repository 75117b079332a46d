// Lead-unit suggestions against the clerk's gold (unit-suggestions.gold.json beside this file): top-1 and top-3
// accuracy with the directory's duties alone, then with a history of hand-outs built from the other gold items
// (leave-one-out: an item never learns from itself).
import { readFileSync } from "node:fs";
import path from "node:path";
import { createWorkCalendar } from "../../src/extract/calendar.ts";
import { defaultNamedPeriods, extractDirectives } from "../../src/extract/extract.ts";
import {
  createUnitSuggester,
  type PastHandout,
  type UnitSuggestion,
} from "../../src/extract/suggest-units.ts";
import { demoMeeting, demoUnits } from "../../src/features/demo/district.ts";
import { percent, printTable, ratio } from "./table.ts";

type GoldItem = { record: string; index: number; text: string; units: string[]; note?: string };
type Item = GoldItem & { directive: string; topic: string | null };

const goldFile = new URL("unit-suggestions.gold.json", import.meta.url);

/** Each gold item with its full directive and topic: from the demo meeting, or from the dev corpus's gold. */
function loadItems(devDir: string): Item[] {
  const gold = JSON.parse(readFileSync(goldFile, "utf8")) as GoldItem[];
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
    const directives = JSON.parse(readFileSync(path.join(devDir, "gold", `${g.record}.json`), "utf8"));
    const d = directives[g.index] as { text: string; topic: string | null } | undefined;
    if (!d?.text.startsWith(g.text)) throw new Error(`dev ${g.record} #${g.index} does not start ${g.text}`);
    return { ...g, directive: d.text, topic: d.topic };
  });
}

const handout = (item: Item): PastHandout => ({
  text: `${item.topic ?? ""}\n${item.directive}`,
  unitName: item.units[0]!,
});

export function reportSuggestions(devDir: string, show: boolean): void {
  const items = loadItems(devDir);
  const scored = items.filter((i) => i.units.length > 0);
  console.log(
    `\nunit suggestions: ${items.length} unit-less directives (the demo meeting's and dev's), ` +
      `${items.length - scored.length} with no fitting unit in the demo directory, left out`,
  );

  const rows: string[][] = [];
  const misses: string[] = [];
  for (const withHistory of [false, true]) {
    const label = withHistory ? "duties + history (leave-one-out)" : "duties only";
    const dutiesOnly = createUnitSuggester(demoUnits);
    let top1 = 0;
    let top3 = 0;
    for (const item of scored) {
      const suggest = withHistory
        ? createUnitSuggester(demoUnits, scored.filter((other) => other !== item).map(handout))
        : dutiesOnly;
      const got = suggest({ text: item.directive, topic: item.topic });
      if (got[0] && item.units.includes(got[0].unitName)) top1++;
      else misses.push(`${label}: ${describe(item, got)}`);
      if (got.some((s) => item.units.includes(s.unitName))) top3++;
    }
    rows.push([
      label,
      `${ratio(top1, scored.length)} ${percent(top1, scored.length)}`,
      `${ratio(top3, scored.length)} ${percent(top3, scored.length)}`,
      msEach(withHistory ? createUnitSuggester(demoUnits, scored.map(handout)) : dutiesOnly, items).toFixed(
        3,
      ),
    ]);
  }
  printTable(["suggestions (aim 70 % / 90 %)", "top-1", "top-3", "ms each"], rows);
  const leftOut = items.filter((i) => i.units.length === 0);
  const answered = leftOut.filter(
    (i) => createUnitSuggester(demoUnits)({ text: i.directive, topic: i.topic }).length,
  );
  console.log(
    `  of the ${leftOut.length} left out, ${answered.length} still get a suggestion from the duties`,
  );
  if (show) {
    for (const m of misses) console.log(`    ${m}`);
    const dutiesOnly = createUnitSuggester(demoUnits);
    for (const item of items.filter((i) => i.units.length === 0)) {
      const got = dutiesOnly({ text: item.directive, topic: item.topic });
      console.log(`    left out: ${describe(item, got)}${item.note ? ` (${item.note})` : ""}`);
    }
  }
}

/** Milliseconds per directive once warm: every item, twenty times over (with history: the whole gold as history). */
function msEach(suggest: ReturnType<typeof createUnitSuggester>, items: Item[]): number {
  for (const item of items) suggest({ text: item.directive, topic: item.topic });
  const started = performance.now();
  for (let round = 0; round < 20; round++) {
    for (const item of items) suggest({ text: item.directive, topic: item.topic });
  }
  return (performance.now() - started) / (20 * items.length);
}

function describe(item: Item, got: UnitSuggestion[]): string {
  const want = item.units.length ? item.units.join("/") : "none";
  const list = got.map((s) => `${s.unitName}（${s.reason}）`).join(" | ") || "nothing";
  return `${item.record} #${item.index} ${item.text.slice(0, 16)}… want ${want}, got ${list}`;
}
