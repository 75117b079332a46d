// Paragraphs, list labels, sentences and clauses of the canonical text (see normalise.ts). Spans are offsets into
// that text, end exclusive.

export type Span = { start: number; end: number };

/** 一、 / （一） / 1、 1. / （1） / ①: records nest them in roughly this order, but any order occurs. */
export type LabelStyle = "cn" | "cnParen" | "num" | "numParen" | "circled";
export type ListLabel = Span & { style: LabelStyle };
export type Paragraph = Span & { label: ListLabel | null; contentStart: number };

const LIST_LABEL =
  /^(?:[一二三四五六七八九十]{1,3}(、)|（[一二三四五六七八九十]{1,3}(）)|\d{1,2}([、.])(?!\d)|（\d{1,2}(）)|([①-⑳]))/;

function labelStyle(m: RegExpExecArray): LabelStyle {
  if (m[1]) return "cn";
  if (m[2]) return "cnParen";
  if (m[3]) return "num";
  if (m[4]) return "numParen";
  return "circled";
}

export function splitParagraphs(text: string): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    if (end > start) {
      const m = LIST_LABEL.exec(text.slice(start, Math.min(end, start + 6)));
      const label = m ? { start, end: start + m[0].length, style: labelStyle(m) } : null;
      paragraphs.push({ start, end, label, contentStart: label ? label.end : start });
    }
    start = end + 1;
  }
  return paragraphs;
}

const SENTENCE_END = /[。！？]+[”’」』]*/g;

/** Sentences of text[start, end), each with its final punctuation; a cut-off last sentence runs to `end`. */
export function splitSentences(text: string, start: number, end: number): Span[] {
  const sentences: Span[] = [];
  const slice = text.slice(start, end);
  let from = 0;
  SENTENCE_END.lastIndex = 0;
  for (let m = SENTENCE_END.exec(slice); m; m = SENTENCE_END.exec(slice)) {
    const to = m.index + m[0].length;
    if (to > from) sentences.push({ start: start + from, end: start + to });
    from = to;
  }
  if (from < slice.length) sentences.push({ start: start + from, end });
  return sentences;
}

/** Clause starts within a sentence: its start and every position after ， ； or ：. */
export function clauseStarts(text: string, span: Span): number[] {
  const starts = [span.start];
  for (let i = span.start; i < span.end - 1; i++) {
    const c = text[i];
    if (c === "，" || c === "；" || c === "：") starts.push(i + 1);
  }
  return starts;
}

/** The clause of `text` that starts at `start` (up to ， ； ： or sentence end, exclusive). */
export function clauseAt(text: string, start: number, limit: number): Span {
  let end = start;
  while (end < limit && !"，；：。！？".includes(text[end] as string)) end++;
  return { start, end };
}

const TRAILING_PUNCTUATION = /[，、；：\s]+$/;

/** The span without trailing commas, colons and spaces: a directive ends at its last sentence's full stop. */
export function trimEnd(text: string, span: Span): Span {
  const m = TRAILING_PUNCTUATION.exec(text.slice(span.start, span.end));
  return m ? { start: span.start, end: span.end - m[0].length } : span;
}

/** The span without its final punctuation: a topic is quoted without the stop that ends its sentence. */
export function withoutFinalStop(text: string, span: Span): Span {
  let end = span.end;
  while (end > span.start && "。！？；，：".includes(text[end - 1] as string)) end--;
  return { start: span.start, end };
}
