// Lead units to suggest for a directive that names none, each with a reason the office can check: the unit's duty
// keywords found in the text ("职责：水利工程、水库") or the office's own earlier hand-outs ("此前 4 项“除险加固”交办给
// 区水务局"). A suggestion only: the office picks, nothing is assigned from here. Pure.
//
// Chinese is written without spaces, so duty keywords are matched as substrings and past hand-outs are cut into 2–4
// character n-grams. A keyword counts more when it is longer and when fewer units list it (IDF over the directory);
// a history term counts more the more often, and the more consistently, it went to the same unit, and less the
// more hand-outs hold it (IDF over the history).

export type SuggestionUnit = {
  name: string;
  shortName?: string | null;
  aliases: string[];
  /** Duty keywords (水利工程, 水库, 防汛 …). */
  duties: string[];
};

/** A task the office handed out before: its title or topic, and the lead unit it chose. */
export type PastHandout = { text: string; unitName: string };

export type UnitSuggestion = { unitName: string; reason: string; score: number };

export type SuggestionInput = { text: string; topic: string | null };

const MAX_SUGGESTIONS = 3;
/** A term must have gone to the same unit at least this often, and mostly there, to count as the office's practice. */
const MIN_HISTORY_COUNT = 2;
const MIN_HISTORY_SHARE = 0.6;
/** The topic names the subject of the whole item: a keyword there counts double. */
const TOPIC_FACTOR = 2;
/** A unit named in the topic ("会议听取了区水务局关于…的汇报") usually submitted the item and leads it. */
const MENTION_SCORE = 10;
/** Suggestions far weaker than the best one are noise to a clerk. */
const MIN_SHARE_OF_BEST = 0.2;
const MAX_HISTORY_TERMS = 3;
/** Duty words shown in a reason. */
const MAX_REASON_WORDS = 3;

// Meeting-record boilerplate and function characters: the text is cut at these (and at punctuation) before
// n-grams are taken from it, so no history term holds or straddles one ("议指" out of "会议指出").
const BOILERPLATE = new RegExp(
  [
    ..."会议、要求、强调、指出、听取、汇报、审议、研究、原则、同意、通过、方案、意见、情况、工作、加强、推进、加快、落实、确保、进一步、全面、切实、认真、做好、抓好、提高、积极、主动、充分、严格、扎实、不断、努力、着力、狠抓、统筹、合力、力度、协调、规范、依法、具体、实处、压实、各级、部门、单位、有关、相关、责任、全区、全市、全县、我区、坚持、持续、深入、开展、重要、问题、目标、任务、措施、实施、完善、机制、政策、高质量、思想、领导、区长、县长、市长、书记、负责、完成、做到、准备、抓实、抓紧、整改、举一反三、送审稿、讨论稿、落到实处".split(
      "、",
    ),
    "[的了和要在是与及把对为等也就都将并从以其之]",
    "[^\\p{Script=Han}A-Za-z0-9.]+",
  ].join("|"),
  "gu",
);

type Match = { keyword: string; start: number; end: number };
type DutyHit = { keyword: string; weight: number };
type HistoryHit = { term: string; count: number; weight: number };
type PlacedHistoryHit = HistoryHit & { start: number; end: number };

export type UnitSuggester = (directive: SuggestionInput) => UnitSuggestion[];

/** Indexes the directory and the history once; the returned function then suggests for one directive. */
export function createUnitSuggester(units: SuggestionUnit[], history: PastHandout[] = []): UnitSuggester {
  const unitIndex = new Map(units.map((u, i) => [u.name, i]));

  // keyword → the units listing it; keywords by first character, to find them in one scan of the text.
  const keywordUnits = new Map<string, number[]>();
  units.forEach((u, i) => {
    for (const d of new Set(u.duties.map((k) => k.trim()))) {
      if (length(d) < 2) continue;
      keywordUnits.set(d, [...(keywordUnits.get(d) ?? []), i]);
    }
  });
  const keywordsByFirst = new Map<string, string[]>();
  for (const k of keywordUnits.keys()) keywordsByFirst.set(k[0]!, [...(keywordsByFirst.get(k[0]!) ?? []), k]);
  const keywordWeight = new Map(
    [...keywordUnits].map(([k, listing]) => [
      k,
      Math.log(1 + units.length / listing.length) * Math.log2(length(k)),
    ]),
  );

  // term → the units the office gave it to often and consistently enough to count, with the term's weight.
  const handoutsWith = new Map<string, Map<number, number>>();
  let handouts = 0;
  for (const h of history) {
    const unit = unitIndex.get(h.unitName);
    if (unit === undefined) continue;
    handouts++;
    for (const term of new Set(Array.from(ngrams(h.text), (g) => g.term))) {
      const perUnit = handoutsWith.get(term) ?? new Map<number, number>();
      perUnit.set(unit, (perUnit.get(unit) ?? 0) + 1);
      handoutsWith.set(term, perUnit);
    }
  }
  const historyTerms = new Map<string, { unit: number; count: number; weight: number }[]>();
  for (const [term, perUnit] of handoutsWith) {
    const total = sum([...perUnit.values()]);
    for (const [unit, count] of perUnit) {
      const share = count / total;
      if (count < MIN_HISTORY_COUNT || share < MIN_HISTORY_SHARE) continue;
      const weight = share * Math.log(1 + handouts / total) * Math.log2(length(term)) * Math.log(1 + count);
      historyTerms.set(term, [...(historyTerms.get(term) ?? []), { unit, count, weight }]);
    }
  }

  return ({ text, topic }) => {
    const topicText = topic ?? "";
    const whole = `${topicText}\n${text}`;

    // Duty keywords, counted where no longer keyword covers the same characters ("农村饮水" is a water duty,
    // not an agricultural one).
    const matches: Match[] = [];
    for (let at = 0; at < whole.length; at++) {
      for (const k of keywordsByFirst.get(whole[at]!) ?? []) {
        if (whole.startsWith(k, at)) matches.push({ keyword: k, start: at, end: at + k.length });
      }
    }
    const occurrences = new Map<string, number>();
    for (const m of matches) {
      const covered = matches.some(
        (o) => o.end - o.start > m.end - m.start && o.start <= m.start && o.end >= m.end,
      );
      if (!covered) occurrences.set(m.keyword, (occurrences.get(m.keyword) ?? 0) + 1);
    }

    const candidates = new Map<number, { mention?: string; duties: DutyHit[]; past: PlacedHistoryHit[] }>();
    const of = (unit: number) => {
      const c = candidates.get(unit) ?? { duties: [], past: [] };
      candidates.set(unit, c);
      return c;
    };
    for (const [k, n] of occurrences) {
      // A keyword said again and again is the subject; one said once may be a passing mention.
      const weight = keywordWeight.get(k)! * (topicText.includes(k) ? TOPIC_FACTOR : 1) * (1 + Math.log(n));
      for (const unit of keywordUnits.get(k)!) of(unit).duties.push({ keyword: k, weight });
    }
    if (historyTerms.size > 0) {
      const seen = new Set<string>();
      for (const g of ngrams(whole)) {
        if (seen.has(g.term)) continue;
        seen.add(g.term);
        for (const h of historyTerms.get(g.term) ?? []) {
          of(h.unit).past.push({ ...g, count: h.count, weight: h.weight });
        }
      }
    }
    if (topicText) {
      units.forEach((u, i) => {
        const mention = [u.name, u.shortName, ...u.aliases].find((n) => n && topicText.includes(n));
        if (mention) of(i).mention = mention;
      });
    }

    const ranked = [...candidates].map(([i, { mention, ...c }]) => {
      const unit = units[i]!;
      const duties = c.duties.sort((a, b) => b.weight - a.weight || length(b.keyword) - length(a.keyword));
      const past = strongestApart(c.past);
      const score =
        (mention ? MENTION_SCORE : 0) + sum(duties.map((d) => d.weight)) + sum(past.map((p) => p.weight));
      return { unit, index: i, mention, duties, past, score };
    });
    ranked.sort((a, b) => b.score - a.score || a.index - b.index);
    const best = ranked[0]?.score ?? 0;
    return ranked
      .filter((s) => s.score > 0 && s.score >= best * MIN_SHARE_OF_BEST)
      .slice(0, MAX_SUGGESTIONS)
      .map((s) => ({
        unitName: s.unit.name,
        reason: reason(s.unit.name, s.mention, s.duties, s.past),
        score: Math.round(s.score * 100) / 100,
      }));
  };
}

/** A unit's strongest history terms in the directive, never two covering the same characters. */
function strongestApart(hits: PlacedHistoryHit[]): HistoryHit[] {
  hits.sort((a, b) => b.weight - a.weight || length(b.term) - length(a.term) || a.start - b.start);
  const picked: PlacedHistoryHit[] = [];
  for (const h of hits) {
    if (picked.length === MAX_HISTORY_TERMS) break;
    if (picked.some((p) => h.start < p.end && p.start < h.end)) continue;
    picked.push(h);
  }
  return picked.map(({ term, count, weight }) => ({ term, count, weight }));
}

/** Up to three lead units for one directive, best first; empty when nothing in the text points to a unit. */
export function suggestUnits(
  directive: SuggestionInput,
  units: SuggestionUnit[],
  history: PastHandout[] = [],
): UnitSuggestion[] {
  return createUnitSuggester(units, history)(directive);
}

function reason(
  unitName: string,
  mention: string | undefined,
  duties: DutyHit[],
  past: HistoryHit[],
): string {
  const parts: string[] = [];
  if (mention) parts.push(`议题提到${mention}`);
  if (duties.length > 0) {
    parts.push(
      `职责：${duties
        .slice(0, MAX_REASON_WORDS)
        .map((d) => d.keyword)
        .join("、")}`,
    );
  }
  const top = past[0];
  if (top) parts.push(`此前 ${top.count} 项“${top.term}”交办给${unitName}`);
  return parts.join("；");
}

/** The 2–4 character n-grams of a text's pieces between boilerplate, with their positions. */
function* ngrams(text: string): Generator<{ term: string; start: number; end: number }> {
  let from = 0;
  for (const cut of [...text.matchAll(BOILERPLATE), { index: text.length, 0: "" }]) {
    const piece = text.slice(from, cut.index);
    for (let n = 2; n <= 4; n++) {
      for (let i = 0; i + n <= piece.length; i++) {
        yield { term: piece.slice(i, i + n), start: from + i, end: from + i + n };
      }
    }
    from = cut.index + cut[0].length;
  }
}

function length(s: string): number {
  return Array.from(s).length;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
