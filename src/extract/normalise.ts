// Meeting records arrive as pasted web pages, Word text or plain text, with ASCII or full-width punctuation, stray
// spaces and paragraphs glued together. The extractor matches on one canonical form of the text, and every
// character of that form remembers which characters of the original produced it, so spans found on the canonical
// form map back to exact substrings of what the user gave us.
//
// The canonical form: full-width Chinese punctuation (，：；（）！？。), ASCII digits and Latin letters, no spaces
// except between two Latin words or numbers, one "\n" between paragraphs, HTML tags and entities resolved, and a
// paragraph break before a numbered-list label that was run into the previous sentence ("…完成。2、关于…").

export type NormalisedText = {
  original: string;
  text: string;
  /** text[i] came from original.slice(starts[i], ends[i]); an inserted paragraph break has starts[i] === ends[i]. */
  starts: Int32Array;
  ends: Int32Array;
};

type Piece = { ch: string; start: number; end: number };

const HTML_TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*>|<!--[\s\S]*?-->/y;
const HTML_ENTITY = /&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});/y;
/**
 * Tags that end a line on screen: each becomes a paragraph break, in pasted HTML here and in saved web pages
 * (src/features/meetings/read-record-file.ts, which handles br, tr and title on its own before asking).
 */
export const htmlBlockTags = new Set([
  "address",
  "article",
  "blockquote",
  "br",
  "caption",
  "center",
  "dd",
  "div",
  "dl",
  "dt",
  "fieldset",
  "figcaption",
  "figure",
  "footer",
  "form",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hr",
  "li",
  "main",
  "ol",
  "p",
  "pre",
  "section",
  "table",
  "tbody",
  "tfoot",
  "thead",
  "title",
  "tr",
  "ul",
]);
const SKIPPED_ELEMENTS = new Set(["script", "style", "head"]);
const NAMED_ENTITIES: Record<string, string> = {
  nbsp: " ",
  ensp: " ",
  emsp: " ",
  thinsp: " ",
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  ldquo: "“",
  rdquo: "”",
  lsquo: "‘",
  rsquo: "’",
  mdash: "—",
  ndash: "–",
  hellip: "…",
  middot: "·",
  bull: "•",
  times: "×",
  divide: "÷",
  deg: "°",
  permil: "‰",
};

// Punctuation whose ASCII form never means anything else in a meeting record.
const ALWAYS_FULL_WIDTH: Record<string, string> = { "(": "（", ")": "）", ";": "；", "!": "！", "?": "？" };
const LINE_BREAKS = new Set(["\n", "\u000b", "\f", "\u2028", "\u2029", "\u0085"]);
const SPACES = /[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/;
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff\u00ad]/;
const SENTENCE_END = new Set(["。", "！", "？"]);
const CLOSING_QUOTES = new Set(["”", "’", "」", "』"]);
// A list label run into the text after a finished sentence or a colon starts a paragraph that lost its line
// break; after "，" or "；" it is an inline enumeration ("一、…；二、…"), which stays one paragraph.
const BREAK_BEFORE_LABEL_AFTER = new Set(["。", "！", "？", "：", "”"]);
const RUN_IN_LIST_LABEL =
  /(?:[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）|\d{1,2}[、.．](?!\d)|（\d{1,2}）|[①-⑳])/y;

const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";
const isLatinOrDigit = (c: string | undefined) => c !== undefined && /[0-9A-Za-z]/.test(c);
const isHan = (c: string | undefined) => c !== undefined && /[\u3400-\u9fff]/.test(c);

function decodeEntity(body: string): string | null {
  if (body.startsWith("#x") || body.startsWith("#X"))
    return String.fromCodePoint(Number.parseInt(body.slice(2), 16));
  if (body.startsWith("#")) return String.fromCodePoint(Number.parseInt(body.slice(1), 10));
  return NAMED_ENTITIES[body.toLowerCase()] ?? null;
}

/** Markup and character-level mapping: tags, entities, line-break and space variants, full-width letters. */
function decodePieces(original: string): Piece[] {
  const pieces: Piece[] = [];
  let i = 0;
  while (i < original.length) {
    const c = original[i] as string;
    if (c === "<") {
      HTML_TAG.lastIndex = i;
      const tag = HTML_TAG.exec(original);
      if (tag) {
        const name = (tag[2] ?? "").toLowerCase();
        const end = i + tag[0].length;
        if (!tag[1] && SKIPPED_ELEMENTS.has(name)) {
          const close = original.toLowerCase().indexOf(`</${name}`, end);
          const closeEnd = close < 0 ? original.length : original.indexOf(">", close) + 1 || original.length;
          i = closeEnd;
          continue;
        }
        if (htmlBlockTags.has(name)) pieces.push({ ch: "\n", start: i, end });
        else if (name === "td" || name === "th") pieces.push({ ch: " ", start: i, end });
        i = end;
        continue;
      }
    }
    if (c === "&") {
      HTML_ENTITY.lastIndex = i;
      const entity = HTML_ENTITY.exec(original);
      const decoded = entity ? decodeEntity(entity[1] as string) : null;
      if (entity && decoded !== null) {
        mapChar(pieces, decoded, i, i + entity[0].length);
        i += entity[0].length;
        continue;
      }
    }
    if (c === "\r") {
      pieces.push({ ch: "\n", start: i, end: original[i + 1] === "\n" ? i + 2 : i + 1 });
      i += original[i + 1] === "\n" ? 2 : 1;
      continue;
    }
    mapChar(pieces, c, i, i + 1);
    i++;
  }
  return pieces;
}

function mapChar(pieces: Piece[], c: string, start: number, end: number): void {
  const code = c.charCodeAt(0);
  // Han characters and CJK punctuation, nearly all of a record, map to themselves: skip the tests below.
  if (code >= 0x3001 && code < 0xfe00) {
    pieces.push({ ch: c, start, end });
    return;
  }
  if (LINE_BREAKS.has(c)) {
    pieces.push({ ch: "\n", start, end });
    return;
  }
  if (INVISIBLE.test(c)) return;
  if (SPACES.test(c)) {
    pieces.push({ ch: " ", start, end });
    return;
  }
  // Full-width digits and Latin letters (０-９, Ａ-Ｚ, ａ-ｚ) to ASCII.
  if (
    (code >= 0xff10 && code <= 0xff19) ||
    (code >= 0xff21 && code <= 0xff3a) ||
    (code >= 0xff41 && code <= 0xff5a)
  ) {
    pieces.push({ ch: String.fromCharCode(code - 0xfee0), start, end });
    return;
  }
  pieces.push({ ch: ALWAYS_FULL_WIDTH[c] ?? c, start, end });
}

const CONTEXTUAL = new Set([",", "，", ":", "：", ".", "．"]);

/** ",", ":" and "." keep their ASCII form between digits (1,000 / 9:30 / 2.5) and become Chinese elsewhere. */
function contextualPunctuation(c: string, prev: string | undefined, next: string | undefined): string {
  if (c === "," || c === "，") return isDigit(prev) && isDigit(next) && c === "," ? "," : "，";
  if (c === ":" || c === "：") return isDigit(prev) && isDigit(next) ? ":" : "：";
  if (c === "." || c === "．") {
    if (isDigit(prev) && isDigit(next)) return ".";
    if (isDigit(prev) || /[A-Za-z]/.test(prev ?? "")) return ".";
    if (isHan(prev) || SENTENCE_END.has(prev ?? "") || CLOSING_QUOTES.has(prev ?? "") || prev === "）")
      return "。";
    return ".";
  }
  return c;
}

export function normaliseText(original: string): NormalisedText {
  const pieces = decodePieces(original);
  const flat = pieces.map((p) => p.ch).join("");
  const out: Piece[] = [];
  const last = () => out[out.length - 1]?.ch;
  const nextNonSpace = (from: number) => {
    for (let j = from; j < pieces.length; j++)
      if ((pieces[j] as Piece).ch !== " ") return (pieces[j] as Piece).ch;
    return undefined;
  };

  let i = 0;
  while (i < pieces.length) {
    const piece = pieces[i] as Piece;
    if (piece.ch === " " || piece.ch === "\n") {
      let j = i;
      let newline: Piece | null = null;
      while (j < pieces.length && ((pieces[j] as Piece).ch === " " || (pieces[j] as Piece).ch === "\n")) {
        if ((pieces[j] as Piece).ch === "\n" && !newline) newline = pieces[j] as Piece;
        j++;
      }
      const prev = last();
      const next = pieces[j]?.ch;
      const runSpan = { start: piece.start, end: (pieces[j - 1] as Piece).end };
      if (prev !== undefined && next !== undefined && prev !== "\n") {
        if (newline) out.push({ ch: "\n", start: newline.start, end: newline.end });
        else if (isLatinOrDigit(prev) && isLatinOrDigit(next)) out.push({ ch: " ", ...runSpan });
        // Spaces after a finished sentence are a paragraph break that lost its newline when pasted.
        else if (
          SENTENCE_END.has(prev) ||
          (CLOSING_QUOTES.has(prev) && SENTENCE_END.has(out.at(-2)?.ch ?? ""))
        )
          out.push({ ch: "\n", ...runSpan });
      }
      i = j;
      continue;
    }
    const prev = last();
    if (prev !== undefined && prev !== "\n" && BREAK_BEFORE_LABEL_AFTER.has(prev)) {
      RUN_IN_LIST_LABEL.lastIndex = i;
      if (RUN_IN_LIST_LABEL.test(flat)) out.push({ ch: "\n", start: piece.start, end: piece.start });
    }
    // Only , : . depend on what follows; looking ahead for every character would cost a scan each.
    const ch = CONTEXTUAL.has(piece.ch)
      ? contextualPunctuation(piece.ch, prev, nextNonSpace(i + 1))
      : piece.ch;
    out.push({ ch, start: piece.start, end: piece.end });
    i++;
  }
  while (out.length && out[out.length - 1]?.ch === "\n") out.pop();

  const starts = new Int32Array(out.length);
  const ends = new Int32Array(out.length);
  out.forEach((p, k) => {
    starts[k] = p.start;
    ends[k] = p.end;
  });
  return { original, text: out.map((p) => p.ch).join(""), starts, ends };
}

/** The original span behind text.slice(start, end) of the canonical form. */
export function originalSpan(
  doc: NormalisedText,
  start: number,
  end: number,
): { start: number; end: number } {
  if (end <= start) {
    const at = start < doc.starts.length ? (doc.starts[start] as number) : doc.original.length;
    return { start: at, end: at };
  }
  return { start: doc.starts[start] as number, end: doc.ends[end - 1] as number };
}

export function originalText(doc: NormalisedText, start: number, end: number): string {
  const span = originalSpan(doc, start, end);
  return doc.original.slice(span.start, span.end);
}
