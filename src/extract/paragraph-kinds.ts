// What each paragraph of the body is, before any marker is read: a metadata line of a web-published record or a
// minute sheet ("会议时间：…"), a value line under an empty label, a transcript's time stamp or speaker header, a
// leader's words under that header, a numbered paragraph, or plain text.
import { isFurnitureLine } from "./page-furniture.ts";
import { isSpeaker } from "./people.ts";
import type { Paragraph } from "./text-structure.ts";

export type ParagraphKind =
  /** "会议时间：…", "参会人员：…", a portal's "索引号：…" or "【打印本页】": ends any directive, is never one. */
  | { kind: "metadata" }
  /** "会议内容：…", "会议记录：一是…": the record's content, written after a label. */
  | { kind: "content"; contentStart: number }
  /** The value of an empty label ("出席人员：" then the names on the next line). */
  | { kind: "skipped" }
  /** A transcript's "10:00" or "【…主持】": ends any directive and any leader's speech. */
  | { kind: "break" }
  /** A paragraph of a leader's speech under "【区长X讲话】". */
  | { kind: "speech" }
  | { kind: "numbered" }
  | { kind: "plain" };

// Metadata lines of web-published records and minute sheets: "会议时间：…", "会议议题：…", "列席情况：…".
const META_LABEL =
  /^(会议时间|时间|会议地点|地点|会议主持人?|主持人?|出席人员|出席领导|出席|参会人员|参加人员|参会单位|列席人员|列席情况|列席|记录人?|会议议题|议题|会议主题|会议内容|会议过程|主要内容|会议记录|会议纪要|会议议定事项|议定事项|抄送|本期发|发送|分送|印发|请假|缺席)：/;
const CONTENT_LABELS = new Set([
  "会议内容",
  "会议过程",
  "主要内容",
  "会议记录",
  "会议纪要",
  "议定事项",
  "会议议定事项",
]);
// An empty agenda label is followed by the agenda, one item a line without sentence punctuation.
const AGENDA_LABELS = new Set(["会议议题", "议题", "会议主题"]);
const TIME_STAMP = /^(?:上午|下午|晚上)?\d{1,2}:\d{2}$/;
// Transcript-style records: "【区委副书记、区长杨福涛讲话】" introduces the leader's words in the next paragraph.
const SPEECH_HEADER = /^【([^】]{2,40}?)(讲话|发言|主持|总结讲话|作总结|致辞)】$/;

/** One kind per paragraph from `first` on (earlier ones are the title and bylines). */
export function classifyParagraphs(text: string, paragraphs: Paragraph[], first: number): ParagraphKind[] {
  const kinds: ParagraphKind[] = [];
  let skipNext = false;
  let skipAgendaLines = false;
  let speech = false;
  for (const p of paragraphs.slice(first)) {
    const content = text.slice(p.contentStart, p.end);
    if (isFurnitureLine(text.slice(p.start, p.end))) {
      kinds.push({ kind: "metadata" });
      continue;
    }
    const meta = META_LABEL.exec(content);
    if (meta) {
      speech = false;
      const label = meta[1] as string;
      const rest = content.slice(meta[0].length).trim();
      if (CONTENT_LABELS.has(label)) {
        kinds.push(
          rest ? { kind: "content", contentStart: p.contentStart + meta[0].length } : { kind: "metadata" },
        );
        continue;
      }
      if (!rest && AGENDA_LABELS.has(label)) skipAgendaLines = true;
      else if (!rest) skipNext = true;
      kinds.push({ kind: "metadata" });
      continue;
    }
    if (skipNext) {
      skipNext = false;
      kinds.push({ kind: "skipped" });
      continue;
    }
    if (skipAgendaLines) {
      if (!/[。！？]/.test(content)) {
        kinds.push({ kind: "skipped" });
        continue;
      }
      skipAgendaLines = false;
    }
    if (TIME_STAMP.test(content)) {
      speech = false;
      kinds.push({ kind: "break" });
      continue;
    }
    const header = SPEECH_HEADER.exec(content);
    if (header) {
      speech = /讲话|总结/.test(header[2] as string) && isSpeaker(header[1] as string, text);
      kinds.push({ kind: "break" });
      continue;
    }
    if (speech) kinds.push({ kind: "speech" });
    else kinds.push({ kind: p.label ? "numbered" : "plain" });
  }
  return kinds;
}
