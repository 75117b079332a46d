// Segmenting a record into directives, following the corpus annotation rules: a directive is a marker plus the
// sentences it governs, up to the next marker, the next topic clause, the next numbered item or a plainly
// non-directive sentence. Works on the canonical text (normalise.ts); spans are offsets into it.
//
// Four phases, each in its own file:
//   findBody           where the body starts, and the lead sentence with the meeting's subject (record-body.ts)
//   classifyParagraphs metadata lines, skipped values, transcript speech, numbered and plain paragraphs
//   cutSpans           markers → directive spans with their topics (cut-spans.ts, topics in topic-scope.ts)
//   dropNonDirectives  assessments, procedural requests and lead summaries that opened at a marker
import { cutSpans } from "./cut-spans.ts";
import { dropNonDirectives } from "./drop-non-directives.ts";
import { classifyParagraphs } from "./paragraph-kinds.ts";
import type { RawDirective } from "./raw-directive.ts";
import { findBody } from "./record-body.ts";
import { splitParagraphs } from "./text-structure.ts";

export function segmentDirectives(text: string): RawDirective[] {
  const body = findBody(text, splitParagraphs(text));
  const kinds = classifyParagraphs(text, body.paragraphs, body.first);
  return dropNonDirectives(text, cutSpans(text, body, kinds));
}
