// Misses by class, so that a change helping one kind of case and hurting another shows at once. The extractor runs
// in-process with the CLI's context, and predictions are matched to gold with score.mjs's rule: spans overlapping
// by at least half (or, for text that is not an exact substring, folded bigrams), one-to-one, best pair first.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createWorkCalendar } from "../../src/extract/calendar.ts";
import { findDeadline } from "../../src/extract/deadline.ts";
import { defaultNamedPeriods, extractDirectives } from "../../src/extract/extract.ts";
import { percent, printTable, ratio } from "./table.ts";

const calendar = createWorkCalendar([]);

type GoldDirective = {
  topic: string | null;
  verb: string;
  text: string;
  units: string[];
  deadline_text: string | null;
  deadline: string | null;
};
type Doc = { id: string; date: string | null; text: string; gold: GoldDirective[] };
type Predicted = {
  text: string;
  start: number;
  end: number;
  units: string[];
  deadlineText: string | null;
  deadline: string | null;
};

/** The corpus as score.mjs reads it: header lines, a blank line, the text; gold beside it. */
export function loadCorpus(corpusDir: string, fullwidth: boolean): Doc[] {
  const docsDir = path.join(corpusDir, fullwidth ? "docs-fullwidth" : "docs");
  const goldDir = path.join(corpusDir, fullwidth ? "gold-fullwidth" : "gold");
  return readdirSync(docsDir)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((f) => {
      const id = f.slice(0, -4);
      const raw = readFileSync(path.join(docsDir, f), "utf8");
      const cut = raw.indexOf("\n\n");
      const date = /^date:\s*(\d{4}-\d{2}-\d{2})\s*$/m.exec(raw.slice(0, cut))?.[1] ?? null;
      const gold = JSON.parse(readFileSync(path.join(goldDir, `${id}.json`), "utf8")) as GoldDirective[];
      return { id, date, text: raw.slice(cut + 2), gold };
    });
}

function predict(doc: Doc): Predicted[] {
  const { directives } = extractDirectives(doc.text, {
    meetingDate: doc.date,
    units: [],
    calendar,
    namedPeriods: defaultNamedPeriods,
  });
  return directives.map((d) => ({
    text: d.text,
    start: d.start,
    end: d.end,
    units: d.units.map((u) => u.text),
    deadlineText: d.deadline?.text ?? null,
    deadline: d.deadline?.date ?? null,
  }));
}

// score.mjs's folding, spans and similarity, kept identical so the pairs are the scorer's pairs.
const FOLD: Record<string, string> = {
  "，": ",",
  "：": ":",
  "；": ";",
  "（": "(",
  "）": ")",
  "！": "!",
  "？": "?",
  "　": " ",
};
const fold = (s: string | null | undefined) =>
  (s ?? "")
    .replace(/[，：；（）！？　]/g, (c) => FOLD[c]!)
    .replace(/\s+/g, "")
    .replace(/^[,.;:。，、]+|[,.;:。，、]+$/g, "");

function span(body: string, text: string): [number, number] | null {
  const i = body.indexOf(text);
  return i < 0 ? null : [i, i + text.length];
}
function bigrams(s: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 1 < s.length; i++) out.add(s.slice(i, i + 2));
  return out;
}
function similarity(body: string, g: string, p: string): number {
  const a = span(body, g);
  const b = span(body, p);
  if (a && b) {
    const inter = Math.max(0, Math.min(a[1], b[1]) - Math.max(a[0], b[0]));
    return inter / (Math.max(a[1], b[1]) - Math.min(a[0], b[0]));
  }
  const x = bigrams(fold(g));
  const y = bigrams(fold(p));
  let both = 0;
  for (const t of x) if (y.has(t)) both++;
  return x.size + y.size === 0 ? 0 : (2 * both) / (x.size + y.size) - 0.1;
}

function pairUp(doc: Doc, pred: Predicted[]): Map<number, number> {
  const pairs: { gi: number; pi: number; s: number }[] = [];
  doc.gold.forEach((g, gi) => {
    pred.forEach((p, pi) => {
      const s = similarity(doc.text, g.text, p.text);
      if (s >= 0.5) pairs.push({ gi, pi, s });
    });
  });
  pairs.sort((a, b) => b.s - a.s);
  const byGold = new Map<number, number>();
  const usedP = new Set<number>();
  for (const { gi, pi } of pairs) {
    if (byGold.has(gi) || usedP.has(pi)) continue;
    byGold.set(gi, pi);
    usedP.add(pi);
  }
  return byGold;
}

/** A span's two ends and its length, to see at a glance where two spans part. */
function ends(text: string): string {
  return `${text.slice(0, 8)}…${text.slice(-8)} (${text.length})`;
}

/** Characters of `a` that `b` covers, as a share of `a`'s length. */
function covered(a: [number, number], b: [number, number]): number {
  return Math.max(0, Math.min(a[1], b[1]) - Math.max(a[0], b[0])) / Math.max(1, a[1] - a[0]);
}

export type UnitKind = "organisation" | "collective" | "person/post" | "working body";

/** The kind of responsible actor, from the shape of its name; organisations (局, 委, 办, schools, sectors) by default. */
export function unitKind(unit: string): UnitKind {
  if (/^(各|全体)|各(单位|部门)$/.test(unit)) return "collective";
  if (/(长|书记|主任|同志|负责人|人员|网格员|成员|委员|干部|领导)$/.test(unit)) return "person/post";
  if (/(专班|组|指挥部|成员单位)$/.test(unit)) return "working body";
  return "organisation";
}

export type PhraseType = "absolute" | "relative" | "event" | "open";

/** The README's kinds of completion-by phrase: absolute (8月底, 年底), relative (一个月内), event (主汛期前), open (限期). */
export function phraseType(phrase: string): PhraseType {
  if (/^(在|于)?(限期|限时)/.test(phrase) && !/\d|[一二三四五六七八九十两]/.test(phrase)) return "open";
  if (/(\d+|[一二三四五六七八九十两半]+)个?(工作日|日|天|周|星期|月|年)(之内|以内|内)/.test(phrase))
    return "relative";
  if (/汛|开学|春节|元旦|国庆|中秋|五一|端午|清明|节前|会议|活动|验收|检查|考核/.test(phrase)) return "event";
  return "absolute";
}

const SEG_CLASSES = ["missed", "spurious", "merged", "split", "loose span"] as const;
const UNIT_KINDS: UnitKind[] = ["organisation", "collective", "person/post", "working body"];
const PHRASE_TYPES: PhraseType[] = ["absolute", "relative", "event", "open"];

/** Segmentation, units by kind and deadlines by phrase type for one corpus variant. */
export function reportDirectiveClasses(label: string, docs: Doc[], show: boolean): void {
  const seg = Object.fromEntries(SEG_CLASSES.map((c) => [c, 0])) as Record<
    (typeof SEG_CLASSES)[number],
    number
  >;
  const units = Object.fromEntries(UNIT_KINDS.map((k) => [k, { gold: 0, missed: 0, spurious: 0 }]));
  const deadlines = Object.fromEntries(
    PHRASE_TYPES.map((t) => [t, { gold: 0, found: 0, missed: 0, wrongDate: 0, spurious: 0 }]),
  );
  const lines: string[] = [];

  for (const doc of docs) {
    const pred = predict(doc);
    const byGold = pairUp(doc, pred);
    const matchedPred = new Set(byGold.values());
    const goldSpans = doc.gold.map((g) => span(doc.text, g.text));
    const predSpans = pred.map((p): [number, number] => [p.start, p.end]);

    doc.gold.forEach((g, gi) => {
      const pi = byGold.get(gi);
      const gs = goldSpans[gi] ?? null;
      if (pi === undefined) {
        // Merged: the text went into a prediction that also holds another gold directive.
        const merged =
          gs !== null &&
          predSpans.some(
            (ps) =>
              covered(gs, ps) >= 0.5 &&
              goldSpans.some((other, oi) => oi !== gi && other !== null && covered(other, ps) >= 0.5),
          );
        seg[merged ? "merged" : "missed"]++;
        lines.push(`${doc.id} segment ${merged ? "merged" : "missed"}: ${g.text.slice(0, 40)}…`);
      } else if (similarity(doc.text, g.text, pred[pi]!.text) < 0.9) {
        seg["loose span"]++;
        lines.push(`${doc.id} segment loose span: gold ${ends(g.text)} got ${ends(pred[pi]!.text)}`);
      }
      countUnits(doc.id, g.units, pi === undefined ? [] : pred[pi]!.units);
      countDeadline(doc.id, g, pi === undefined ? null : pred[pi]!);
    });
    pred.forEach((p, pi) => {
      if (matchedPred.has(pi)) return;
      // Split: a piece of a gold directive that another prediction already stands for.
      const ps = predSpans[pi]!;
      const split = goldSpans.some(
        (gs, gi) =>
          gs !== null &&
          covered(ps, gs) >= 0.5 &&
          predSpans.some((other, oi) => oi !== pi && byGold.get(gi) === oi && covered(other, gs) > 0),
      );
      seg[split ? "split" : "spurious"]++;
      lines.push(`${doc.id} segment ${split ? "split" : "spurious"}: ${p.text.slice(0, 40)}…`);
      countUnits(doc.id, [], p.units);
      if (p.deadlineText) {
        deadlines[phraseType(p.deadlineText)]!.spurious++;
        lines.push(`${doc.id} deadline spurious (${phraseType(p.deadlineText)}): ${p.deadlineText}`);
      }
    });
  }

  function countUnits(id: string, gold: string[], got: string[]) {
    const g = new Set(gold.map(fold));
    const p = new Set(got.map(fold));
    for (const u of g) {
      units[unitKind(u)]!.gold++;
      if (!p.has(u)) {
        units[unitKind(u)]!.missed++;
        lines.push(`${id} unit missed (${unitKind(u)}): ${u}`);
      }
    }
    for (const u of p) {
      if (g.has(u)) continue;
      units[unitKind(u)]!.spurious++;
      lines.push(`${id} unit spurious (${unitKind(u)}): ${u}`);
    }
  }

  function countDeadline(id: string, g: GoldDirective, p: Predicted | null) {
    const gt = fold(g.deadline_text);
    const pt = fold(p?.deadlineText);
    const same = gt !== "" && pt !== "" && (gt === pt || gt.includes(pt) || pt.includes(gt));
    if (gt) {
      const row = deadlines[phraseType(gt)]!;
      row.gold++;
      if (same) {
        row.found++;
        if (g.deadline && p?.deadline !== g.deadline) {
          row.wrongDate++;
          lines.push(
            `${id} deadline wrong date (${phraseType(gt)}): ${gt} want ${g.deadline} got ${p?.deadline ?? null}`,
          );
        }
      } else {
        row.missed++;
        lines.push(`${id} deadline missed (${phraseType(gt)}): ${gt}${pt ? ` got ${pt}` : ""}`);
      }
    }
    if (pt && !same) {
      deadlines[phraseType(pt)]!.spurious++;
      lines.push(`${id} deadline spurious (${phraseType(pt)}): ${pt}`);
    }
  }

  const gold = docs.reduce((n, d) => n + d.gold.length, 0);
  console.log(`\n${label}: ${docs.length} records, ${gold} gold directives`);
  console.log(`  segmentation  ${SEG_CLASSES.map((c) => `${c} ${seg[c]}`).join("   ")}`);
  printTable(
    ["units by kind", "gold", "missed", "spurious"],
    UNIT_KINDS.filter((k) => units[k]!.gold + units[k]!.spurious > 0).map((k) => [
      k,
      String(units[k]!.gold),
      String(units[k]!.missed),
      String(units[k]!.spurious),
    ]),
  );
  printTable(
    ["deadlines by phrase type", "gold", "found", "missed", "wrong date", "spurious"],
    PHRASE_TYPES.filter((t) => deadlines[t]!.gold + deadlines[t]!.spurious > 0).map((t) => {
      const r = deadlines[t]!;
      return [t, String(r.gold), String(r.found), String(r.missed), String(r.wrongDate), String(r.spurious)];
    }),
  );
  if (show) printMisses(lines);
}

type Sentence = {
  id: string;
  ref_date: string | null;
  sentence: string;
  sentence_cjk_punct?: string;
  deadline_text: string | null;
  deadline: string | null;
  negative: boolean;
  phrase_type?: string;
  negative_type?: string;
};

export function loadSentences(file: string): Sentence[] {
  return readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Sentence);
}

/** Positives by their labelled phrase_type, negatives by their negative_type, as deadlines/score.mjs judges them. */
export function reportSentenceClasses(label: string, rows: Sentence[], cjk: boolean, show: boolean): void {
  const positives = new Map<
    string,
    { n: number; dated: number; right: number; nulls: number; nullRight: number }
  >();
  const negatives = new Map<string, { n: number; falsePos: number }>();
  const lines: string[] = [];
  for (const r of rows) {
    const text = cjk ? (r.sentence_cjk_punct ?? r.sentence) : r.sentence;
    const got = findDeadline(text, { meetingDate: r.ref_date, calendar, namedPeriods: defaultNamedPeriods });
    if (r.negative) {
      const type = r.negative_type ?? "unlabelled";
      const row = negatives.get(type) ?? { n: 0, falsePos: 0 };
      row.n++;
      if (got?.text || got?.date) {
        row.falsePos++;
        lines.push(`${r.id} negative (${type}): given ${got.text} → ${got.date}`);
      }
      negatives.set(type, row);
      continue;
    }
    const type = r.phrase_type ?? "unlabelled";
    const row = positives.get(type) ?? { n: 0, dated: 0, right: 0, nulls: 0, nullRight: 0 };
    row.n++;
    if (r.deadline) {
      row.dated++;
      if (got?.date === r.deadline) row.right++;
      else
        lines.push(
          `${r.id} ${type}: ${r.deadline_text} want ${r.deadline} got ${got?.date ?? null} (${got?.text ?? "no phrase"})`,
        );
    } else {
      row.nulls++;
      if (!got?.date) row.nullRight++;
      else lines.push(`${r.id} ${type}: ${r.deadline_text} want null got ${got.date}`);
    }
    positives.set(type, row);
  }
  const byCount = <T extends { n: number }>(m: Map<string, T>) =>
    [...m].sort((a, b) => b[1].n - a[1].n || (a[0] < b[0] ? -1 : 1));
  console.log(`\n${label}: ${rows.length} sentences`);
  printTable(
    ["positives by phrase type", "class", "n", "dates right", "nulls kept"],
    byCount(positives).map(([type, r]) => [
      type,
      broadClass(type),
      String(r.n),
      r.dated ? ratio(r.right, r.dated) : "–",
      r.nulls ? ratio(r.nullRight, r.nulls) : "–",
    ]),
  );
  printTable(
    ["negatives by type", "n", "given a deadline"],
    byCount(negatives).map(([type, r]) => [
      type,
      String(r.n),
      `${ratio(r.falsePos, r.n)} (${percent(r.falsePos, r.n)})`,
    ]),
  );
  if (show) printMisses(lines);
}

/** The README's four kinds for the labelled phrase types. */
function broadClass(phraseTypeLabel: string): PhraseType {
  if (/^(N-days|N-working-days|N-years)$/.test(phraseTypeLabel)) return "relative";
  if (/^(holiday|named-period|school-term|event-relative)/.test(phraseTypeLabel)) return "event";
  if (/^(限期|vague-period)/.test(phraseTypeLabel)) return "open";
  return "absolute";
}

/** One line per miss, grouped by class ("segment missed", "unit spurious (collective)" …) and in record order. */
function printMisses(lines: string[]): void {
  const classOf = (l: string) => l.slice(l.indexOf(" ") + 1, l.indexOf(":"));
  for (const l of [...lines].sort((a, b) =>
    classOf(a) < classOf(b) ? -1 : classOf(a) > classOf(b) ? 1 : 0,
  )) {
    console.log(`    ${l}`);
  }
}
