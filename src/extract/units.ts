// Responsible units named in a directive: organisations (区财政局), named people or posts given a task
// (范国庆副市长), working bodies (工作专班) and definite collectives (各街道). They are found where Chinese puts the
// one who must act — before 要/负责/牵头, after 由/请/要求/责成, as the submitter of an approved document, or on a
// "责任单位：" line — then checked against the unit directory, else recognised by shape so the office can add them.
// Vague addressees (各级各部门, 有关部门 …) are reported separately: the office must pick a unit.
import { isNamedPerson, POST } from "./people.ts";
import type { Span } from "./text-structure.ts";
import { INTRODUCING_VERBS, MEETING_MODIFIERS, MEETING_VERBS } from "./vocabulary/markers.ts";
import {
  COLLECTIVE_KINDS,
  COLLECTIVE_PEOPLE,
  GENERIC_ORGANISATIONS,
  LEVEL_BODIES,
  LEVELS,
  ORGANISATION_SUFFIXES,
  ORGANISATION_TAILS,
  ROLES,
  SECTORS,
  VAGUE_NAMES,
  VAGUE_QUALIFIERS,
} from "./vocabulary/units.ts";
import { oneOf } from "./word-pattern.ts";

export type DirectoryUnit = { id?: number; name: string; shortName?: string | null; aliases: string[] };

export type UnitRole = "lead" | "co";
export type FoundUnitSpan = Span & { unitName: string | null; role: UnitRole };
export type UnitsInDirective = { units: FoundUnitSpan[]; unassigned: Span[] };

const ORGANISATION = new RegExp(`(?:${oneOf(ORGANISATION_SUFFIXES)})(?:${oneOf(ORGANISATION_TAILS)})?$`);
const LEVEL_BODY = new RegExp(`^(?:${oneOf(LEVEL_BODIES)})(?:${oneOf(ORGANISATION_TAILS)})?$`);
// Places acting as units: 湟中县, 咀头镇, 双台子区. Two-character generic places (社区, 城区, 辖区) are not units.
const PLACE = /^(?!各)(?:(?!及|和|与)[\u4e00-\u9fa5]){2,10}(?:区|县|市|镇|乡|村|街)$/;
const GENERIC_PLACE =
  /^(?:全|本|我|该|各|城|辖|片|园|景|山|街|市|郊|林|矿|库|灾|校|老|新|社|小|中心|城中|开发)?[区县市镇乡村街]$|^(?:社区|小区|城区|辖区|片区|园区|景区|山区|街区|市区|郊区|全区|本区|我区|全市|全县|本市|本县|城中村)$/;
// "三区", "四区政府", "五街一区二镇".
const COUNTED_PLACES = /^(?:[一二三四五六七八九十两\d]+(?:区|县|镇|街|乡))+(?:政府)?$/;
// "12个专项工作组", "5个督导组": a counted set of named bodies.
const COUNTED_BODIES = new RegExp(
  `^[一二三四五六七八九十两\\d]+个[\\u4e00-\\u9fa5]{0,8}(?:${oneOf(ORGANISATION_SUFFIXES)})$`,
);
// A sector's department: "城建部门", "教育部门" (but not 职能部门, 主管部门).
const SECTOR_DEPARTMENT = /^[\u4e00-\u9fa5]{2,4}部门$/;
// A level and a sector without "局": "县财政", "区交通", "县医保".
const SECTOR_SHORT_FORM = new RegExp(`^(?:${oneOf(LEVELS)})(?:${oneOf(SECTORS)})(?:部门)?$`);
// Definite collectives: every one of a known kind, perhaps with its bracketed variant and its people.
const COLLECTIVE = new RegExp(
  `^各(?:${oneOf(COLLECTIVE_KINDS)}|县（市、区）|县（市区）|区（县、市）|位${POST}|${oneOf(ROLES)}|[\\u4e00-\\u9fa5]{1,6}(?:局|委|办|中心|公司|站|组))` +
    `(?:（[\\u4e00-\\u9fa5、]{1,8}）)?(?:${oneOf(COLLECTIVE_PEOPLE)})?$`,
);
const ROLE = new RegExp(`^(?:${oneOf(ROLES)})$`);
const ROLE_OPENING = new RegExp(`^(?:${oneOf(ROLES)})(?=[\\u4e00-\\u9fa5])`);
// Anything qualified by 有关/相关, every level or every department: the office has to choose.
// "管委会各部门" names one body's departments and is a unit; "市直各部门" is not.
const VAGUE = new RegExp(
  `${oneOf(VAGUE_QUALIFIERS)}|上下$|^各单位|` +
    "^(?:全市|全区|全县|市直|区直|县直|市级|区级|县级|政府|驻区|驻市)?各[\\u4e00-\\u9fa5]{0,6}(?:单位|部门)(?:负责人|负责同志|主要负责人|主要负责同志)?$|" +
    "^(?:市|区|县)(?:级|直)(?:部门|单位)$|" +
    `^(?:${oneOf(VAGUE_NAMES)})$`,
);
// "区局各单位", "管委会各部门负责人": the units of one named body.
const OWN_UNITS = /^(.{2,12}?)各(?:单位|部门|科室)(?:负责人|负责同志)?$/;
const GENERIC_ORGANISATION = new RegExp(`^(?:${oneOf(GENERIC_ORGANISATIONS)})$`);
const NOT_A_UNIT =
  /的|由|^属地|会同|配合|负责(?!人|同志)|牵头|[就对在将把从向与和及]$|^(?:干部|全部|内部|外部|局部|总部|部门|单位|政府|组织|部分)$|干部$/;

// Words a subject list is followed by ("区财政局要…", "由区水务局负责…").
const SUBJECT_TRIGGER =
  /(?<![重主纲摘提概紧险首必显简只需])要(?![求素点闻害件])|作为|是(?=[^，。；]{0,30}?主体)|须|必须|务必|一定要|应当|应该|需(?![求要])|负责(?!同志|人)|牵头(?!单位|部门|领导)|配合(?!单位|部门)|会同|抓紧|尽快|立即|联合|共同|分别|继续|切实|认真|加快|做好|抓好/g;
// Words that end the subject after 由/请/要求/责成.
const PREDICATE =
  /负责(?!同志|人)|牵头(?!单位|部门|领导)|配合(?!单位|部门)|会同|根据|按照|进行|做好|抓好|抓紧|尽快|认真|研究|自行|担任|对|在|将|把|于|及时|立即|继续|进一步|加强|结合|依法|统筹|督促|协调|开展|完成|落实|制定|作|上报|报|拿出|联合|共同|分别|具体|全面|切实|加快|迅速|指导|明确|要(?!求)|须|务必|必须|一定|，|。|；|$/g;
// Introducers of the one who must act; after 会同/配合 come co-units.
// "配合单位：" labels a line; it introduces nobody.
const INTRODUCER = /(?<![理自经缘提申报呈])(?:交由|责成|会同|配合|要求|由|请)(?!于|单位|部门)/g;
const INTRODUCER_FIRST = /^(?:由|请|责成|交由|要求|会同|配合)/;
// The unit that submitted an approved document: "原则同意区人防办提交的改造方案".
const SUBMITTER =
  /(?:同意|原则同意|原则通过|通过)([^，。；《“]{2,60}?)(?:提交|提出|报送|上报|报来|起草|草拟|拟草|拟定|拟订|制定|编制)(?:并经[^，。；《“]{1,16}?)?的/g;
// What may stand between a submitter and its drafting verb: "县脱贫攻坚办对各乡镇考核评价后拟定的…".
const SUBMITTER_DETAIL = /对|就|根据|按照|结合|会同|在/;
// "责任单位：区财政局、区住建局；完成时限：…"
const RESPONSIBILITY_LINE =
  /(责任单位|责任部门|牵头单位|牵头部门|配合单位|配合部门|协办单位|主办单位|承办单位|责任领导)：([^；。\n]+)/g;
// "区水务局（牵头）": a role written after a name on a 责任单位 line.
const ROLE_NOTE = /（(?:牵头|配合|协办|主办|负责)）$/;
// Openers before a subject in a clause: enumerators, markers, time words.
const OPENING_MARKER_VERBS = MEETING_VERBS.filter(
  (v) => !(INTRODUCING_VERBS as readonly string[]).includes(v),
);
const CLAUSE_OPENER = new RegExp(
  `^(?:会议(?:${oneOf(MEETING_MODIFIERS)})?(?:${oneOf(OPENING_MARKER_VERBS)})|[一二三四五六七八九十]+(?:是|要)|` +
    "同时|另外|此外|并且?|其中|特别是|尤其是|最后|首先|其次|再次|对此|\\d{4}年|今年|明年|下一步|当前|目前|近期)",
);
// 等 closing a list ("…等部门", "…等15家责任单位"); more may follow it ("…等部门及各镇街").
const ETC =
  /等(?:[\d一二三四五六七八九十两几]+(?:个|家|项))?(?:部门、单位|部门和单位|单位和部门|责任单位|成员单位|职能部门|部门|单位|镇街|街道|乡镇|区县|县区)?/;
const CONNECTOR = /以及|及其|及|与|和|同/;

type Directory = { byName: Map<string, string> };

const FALLBACK_NAME_LENGTH = 12;

export function indexDirectory(units: DirectoryUnit[]): Directory {
  const byName = new Map<string, string>();
  for (const unit of units) {
    for (const name of [unit.name, unit.shortName, ...unit.aliases]) if (name) byName.set(name, unit.name);
  }
  return { byName };
}

function isShaped(token: string): boolean {
  if (NOT_A_UNIT.test(token) || token.length < 2 || token.length > 30) return false;
  if (isNamedPerson(token) || COLLECTIVE.test(token) || COUNTED_PLACES.test(token)) return true;
  if (SECTOR_DEPARTMENT.test(token) || SECTOR_SHORT_FORM.test(token) || ROLE.test(token)) return true;
  if (COUNTED_BODIES.test(token) || LEVEL_BODY.test(token)) return true;
  // Two-character names are nearly always generic nouns (学校, 医院, 公司); bare kinds of body are not units.
  if (ORGANISATION.test(token)) return token.length >= 3 && !GENERIC_ORGANISATION.test(token);
  return PLACE.test(token) && !GENERIC_PLACE.test(token) && token.length >= 3;
}

/** Splits a list at 、 except inside brackets: "各县（市、区）、市直各部门" has two items. */
function splitOutsideBrackets(list: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let current = "";
  for (const c of list) {
    if (c === "（" || c === "《" || c === "“") depth++;
    if ((c === "）" || c === "》" || c === "”") && depth > 0) depth--;
    if (c === "、" && depth === 0) {
      items.push(current);
      current = "";
    } else current += c;
  }
  items.push(current);
  return items;
}

type Token = Span & { kind: "unit" | "vague"; unitName: string | null };

/**
 * Reads text[span] as a list of actors ("区财政局、住建局等部门及各镇街"). Returns null unless every item is one
 * (a unit, a vague addressee, or anything listed before a closing "等部门/等单位").
 */
function readList(text: string, span: Span, directory: Directory): Token[] | null {
  const list = text.slice(span.start, span.end);
  const tokens: Token[] = [];
  const readItems = (from: number, to: number, closed: boolean): boolean => {
    if (to <= from) return false;
    let cursor = from;
    // "各查验站、村组、社区": the 各 of the first item covers the whole list.
    const each = text[from] === "各";
    for (const raw of splitOutsideBrackets(text.slice(from, to))) {
      const item = { start: cursor, end: cursor + raw.length };
      cursor = item.end + 1;
      const read = raw === "" ? null : readItem(text, item, directory, { closed, each });
      if (!read) return false;
      tokens.push(...read);
    }
    return true;
  };
  const etc = ETC.exec(list);
  if (!etc) return readItems(span.start, span.end, false) ? tokens : null;
  // Only "等" + a kind of body ("等部门") vouches for the items; a bare 等 proves nothing.
  const closed = etc[0].length > 1;
  const etcStart = span.start + etc.index;
  const rest = list.slice(etc.index + etc[0].length);
  const more = /^(?:以及|及|和)/.exec(rest);
  if (rest !== "" && !more) return null;
  if (!readItems(span.start, etcStart, closed)) return null;
  if (more && !readItems(etcStart + etc[0].length + more[0].length, span.end, false)) return null;
  return tokens;
}

/** How a list vouches for its items: closed by "等部门", or under a 各 that covers every item. */
type ListContext = { closed: boolean; each: boolean };

function classify(text: string, span: Span, directory: Directory, list: ListContext): Token | null {
  const token = text.slice(span.start, span.end);
  // "“三区”要统筹指导": the unit is what the quotation marks hold.
  if (token.length > 2 && token.startsWith("“") && token.endsWith("”")) {
    return classify(text, { start: span.start + 1, end: span.end - 1 }, directory, list);
  }
  const known = directory.byName.get(token);
  if (known) return { ...span, kind: "unit", unitName: known };
  const own = OWN_UNITS.exec(token);
  if (own && isShaped(own[1] as string)) return { ...span, kind: "unit", unitName: null };
  if (VAGUE.test(token)) return { ...span, kind: "vague", unitName: null };
  if (isShaped(token)) return { ...span, kind: "unit", unitName: null };
  if (list.each && !token.startsWith("各") && COLLECTIVE.test(`各${token}`)) {
    return { ...span, kind: "unit", unitName: null };
  }
  if (list.closed && token.length <= 12 && !NOT_A_UNIT.test(token) && /^[\u4e00-\u9fa5\d]+$/.test(token)) {
    return { ...span, kind: "unit", unitName: null };
  }
  return null;
}

/**
 * One item of a list. It is split at 和/及/与 unless the whole is itself a unit ("区住房和城乡建设局" stays whole);
 * after a split, parts that are not actors are dropped ("各街道及社区" names 各街道).
 */
function readItem(text: string, span: Span, directory: Directory, list: ListContext): Token[] | null {
  const raw = text.slice(span.start, span.end);
  const whole = classify(text, span, directory, list);
  if (!CONNECTOR.test(raw) || whole?.unitName) return whole ? [whole] : null;
  const parts: Token[] = [];
  let cursor = span.start;
  for (const [k, piece] of raw.split(CONNECTOR).entries()) {
    const at = text.indexOf(piece, cursor);
    cursor = at + piece.length;
    // "各街道及社区": a 各 reaches over 、 but not over 及.
    const partList = k === 0 ? list : { ...list, each: false };
    const part = piece ? classify(text, { start: at, end: at + piece.length }, directory, partList) : null;
    if (part) parts.push(part);
  }
  const pieces = raw.split(CONNECTOR);
  const allParts = parts.length === pieces.length;
  // "县自然资源和规划局": a first part that is only a short form is the first half of one name.
  const firstHalf = SECTOR_SHORT_FORM.test(pieces[0] as string);
  if (whole && isShaped(raw) && (!allParts || firstHalf)) return [whole];
  if (parts.length > 0) return parts;
  return whole ? [whole] : null;
}

type Clause = Span;

function clausesOf(text: string, span: Span): Clause[] {
  const clauses: Clause[] = [];
  let start = span.start;
  for (let i = span.start; i <= span.end; i++) {
    if (i === span.end || "，。；：！？\n".includes(text[i] as string)) {
      if (i > start) clauses.push({ start, end: i });
      start = i + 1;
    }
  }
  return clauses;
}

function stripOpeners(text: string, clause: Clause): Clause {
  let start = clause.start;
  for (;;) {
    const m = CLAUSE_OPENER.exec(text.slice(start, clause.end));
    if (!m || m[0].length === 0) break;
    start += m[0].length;
  }
  return { start, end: clause.end };
}

/** After an introducer: the first predicate word that leaves a valid list before it. */
function listBeforePredicate(
  text: string,
  from: number,
  limit: number,
  directory: Directory,
): Token[] | null {
  const rest = text.slice(from, limit);
  PREDICATE.lastIndex = 0;
  for (let m = PREDICATE.exec(rest); m; m = PREDICATE.exec(rest)) {
    if (m.index > 0) {
      const list = readList(text, { start: from, end: from + m.index }, directory);
      if (list && list.length > 0) return list;
    }
    if (m[0] === "") break;
  }
  // No predicate word after the name ("会同各街道逐案制定…"): the longest short prefix that is one unit.
  for (let end = Math.min(limit, from + FALLBACK_NAME_LENGTH); end >= from + 2; end--) {
    if (text.slice(from, end).includes("、")) continue;
    const token = classify(text, { start: from, end }, directory, { closed: false, each: false });
    if (token?.kind === "unit") return [token];
  }
  return null;
}

/** Explicit roles: "由X负责/牵头", "X牵头", "（牵头）" → lead; "会同X", "X配合", "（配合）" → co. */
function roleAround(text: string, token: Token, introducer: string | null): UnitRole | null {
  const after = text.slice(token.end, token.end + 6);
  if (/^(?:（牵头）|(?:等[^，。；]{0,8})?(?:要)?牵头)/.test(after)) return "lead";
  if (/^(?:（配合）|(?:等[^，。；]{0,8})?(?:要)?(?:配合|协助|协同))/.test(after)) return "co";
  if (introducer === "会同" || introducer === "配合") return "co";
  if (introducer === "由" && /^(?:等[^，。；]{0,8})?负责/.test(after)) return "lead";
  return null;
}

/**
 * Units named in text[span]. Clauses that end before `contentStart` (the speaker and marker: "李旭要求，") name
 * who gave the directive, not who must carry it out.
 */
export function findUnits(
  text: string,
  span: Span & { contentStart: number },
  directory: Directory,
): UnitsInDirective {
  const found: (Token & { role: UnitRole | null })[] = [];
  const add = (
    tokens: Token[] | null,
    introducer: string | null = null,
    lineRole: UnitRole | null = null,
  ) => {
    for (const t of tokens ?? []) {
      if (found.some((f) => f.start === t.start)) continue;
      found.push({ ...t, role: lineRole ?? roleAround(text, t, introducer) });
    }
  };

  for (const m of text.slice(span.start, span.end).matchAll(RESPONSIBILITY_LINE)) {
    const label = m[1] as string;
    const lineRole: UnitRole | null = /配合|协办/.test(label)
      ? "co"
      : /牵头|主办/.test(label)
        ? "lead"
        : null;
    let cursor = span.start + (m.index ?? 0) + label.length + 1;
    const items = splitOutsideBrackets((m[2] as string).replaceAll("，", "、"));
    // "责任单位：区交通局、区公安分局": the first named leads, unless the line marks its lead with （牵头）.
    const marked = items.some((item) => /（牵头）$/.test(item));
    for (const [k, item] of items.entries()) {
      const role = lineRole ?? (/^责任/.test(label) && !marked && k === 0 ? "lead" : null);
      const at = text.indexOf(item, cursor);
      cursor = at + item.length;
      const name = item.replace(ROLE_NOTE, "");
      const token = classify(text, { start: at, end: at + name.length }, directory, {
        closed: true,
        each: false,
      });
      if (token) add([token], null, role);
    }
  }

  for (const raw of clausesOf(text, span)) {
    if (raw.end < span.contentStart) continue;
    const opened = stripOpeners(text, raw);
    // "张宝宁副局长要求各工作小组必须…": the speaker and marker are not part of the subject.
    const clause = stripOpeners(text, { start: Math.max(raw.start, span.contentStart), end: raw.end });
    const body = text.slice(clause.start, clause.end);

    for (const m of text.slice(opened.start, opened.end).matchAll(SUBMITTER)) {
      const who = m[1] as string;
      const at = opened.start + (m.index ?? 0) + m[0].indexOf(who);
      const detail = SUBMITTER_DETAIL.exec(who);
      const end =
        at +
        (readList(text, { start: at, end: at + who.length }, directory) || !detail
          ? who.length
          : detail.index);
      add(readList(text, { start: at, end }, directory));
    }
    // "网格员加大巡查力度": a role opening a clause is the one who acts.
    const role = ROLE_OPENING.exec(body);
    if (role)
      add([{ start: clause.start, end: clause.start + role[0].length, kind: "unit", unitName: null }]);

    const openedBody = text.slice(opened.start, opened.end);
    INTRODUCER.lastIndex = 0;
    for (let m = INTRODUCER.exec(openedBody); m; m = INTRODUCER.exec(openedBody)) {
      const from = opened.start + m.index + m[0].length;
      add(listBeforePredicate(text, from, opened.end, directory), m[0]);
    }

    // After 由/请/要求 the subject was read above; a subject is what a clause opens with.
    if (INTRODUCER_FIRST.test(openedBody)) continue;
    SUBJECT_TRIGGER.lastIndex = 0;
    const trigger = SUBJECT_TRIGGER.exec(body);
    if (trigger && trigger.index > 0) {
      add(readList(text, { start: clause.start, end: clause.start + trigger.index }, directory));
    } else if (!trigger) {
      // A clause that is only a list, closed by 等 or followed by a clause that opens with 要.
      const next = text.slice(raw.end + 1, raw.end + 3);
      const closedByEtc = /等[^，。；]{0,12}(?:部门|单位)$/.test(body);
      if (closedByEtc || (/^要(?!求)/.test(next) && text[raw.end] === "，"))
        add(readList(text, clause, directory));
    }
  }

  // One entry per unit as written; an explicit role anywhere wins.
  const byText = new Map<string, (typeof found)[number]>();
  for (const t of found.sort((a, b) => a.start - b.start)) {
    const key = text.slice(t.start, t.end);
    const seen = byText.get(key);
    if (!seen) byText.set(key, t);
    else if (!seen.role || (t.role === "lead" && seen.role === "co")) seen.role = t.role ?? seen.role;
  }
  const entries = [...byText.values()];
  const units = entries.filter((t) => t.kind === "unit");
  // Without a stated lead, the first unit named leads (corpus convention and how offices read a list).
  const hasLead = units.some((u) => u.role === "lead");
  return {
    units: units.map((u, i) => ({
      start: u.start,
      end: u.end,
      unitName: u.unitName,
      role: u.role ?? (hasLead || i > 0 ? "co" : "lead"),
    })),
    unassigned: entries.filter((t) => t.kind === "vague").map((t) => ({ start: t.start, end: t.end })),
  };
}

// A sentence that opens with who must act: "区交通局要于5月20日前完成…", "区财政局负责统筹资金".
const OPENING_SUBJECT =
  /^([^，。；：]{2,30}?)(?:(?<![重主纲摘提概紧险首必显简只需])要(?![求素点闻害件])|必须|务必|应当|负责(?!同志|人)|牵头(?!单位|部门))/;
const NO_DIRECTORY: Directory = { byName: new Map() };

/** Whether a sentence opens with a unit as the subject of an obligation (a 纪要 item with no 会议). */
export function opensWithUnit(sentence: string): boolean {
  const m = OPENING_SUBJECT.exec(sentence);
  if (!m) return false;
  const list = readList(sentence, { start: 0, end: (m[1] as string).length }, NO_DIRECTORY);
  return list?.some((t) => t.kind === "unit") ?? false;
}

// Who brought an item, in its topic: "会议听取了区水务局关于…的汇报", "关于区住建局提交的改造方案".
const TOPIC_REPORTER = /^(?:会议)?(?:听取了?|审议了?)([^，。；《“]{2,30}?)(?:关于|对|的)/;
const TOPIC_SUBMITTER = /^(?:关于|就)([^，。；《“]{2,30}?)(?:提出|提交|报送|上报|起草)的/;
// A directive that leaves its addressee unsaid: "会议要求，要加快进度…".
const NO_SUBJECT = /^(?:要(?!求)|必须|务必|抓紧|尽快|加快|进一步)/;

/**
 * The unit that brought the item, when the directive tells someone to act without saying who: the one who
 * reported or submitted it is the one told to finish it (corpus rule).
 */
export function findTopicUnits(
  text: string,
  topic: Span | null,
  contentStart: number,
  directory: Directory,
): FoundUnitSpan[] {
  if (!topic || !NO_SUBJECT.test(text.slice(contentStart, contentStart + 4))) return [];
  const clause = text.slice(topic.start, topic.end);
  const m = TOPIC_REPORTER.exec(clause) ?? TOPIC_SUBMITTER.exec(clause);
  if (!m) return [];
  const at = topic.start + m.index + m[0].indexOf(m[1] as string);
  const list = readList(text, { start: at, end: at + (m[1] as string).length }, directory) ?? [];
  return list
    .filter((t) => t.kind === "unit")
    .map((t, i) => ({ start: t.start, end: t.end, unitName: t.unitName, role: i === 0 ? "lead" : "co" }));
}
