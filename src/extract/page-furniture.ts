// Lines of a pasted web page that belong to the portal, not to the record (vocabulary/page-furniture.ts). Work on
// the canonical text (normalise.ts): "http://" reads "http：//", "[打印此页] [关闭本页]" keeps its brackets.
import {
  FURNITURE_LABELS,
  FURNITURE_LINES,
  PUBLISHED_LABELS,
  TITLE_LABELS,
} from "./vocabulary/page-furniture.ts";
import { oneOf } from "./word-pattern.ts";

const LABELLED = new RegExp(`^(?:${oneOf(FURNITURE_LABELS)})[：|]`);
// "【打印本页】【关闭窗口】", "[打印此页] [关闭本页]", "分享到", "字体：【大】【中】【小】".
const LINKS = new RegExp(`^(?:[【\\[]?(?:${oneOf(FURNITURE_LINES)})[】\\]]?[ ：]*)+$`);
// A link line: "会议议定事项及解读：http://…", a bare URL.
const URL_LINE = /^[^。！？]{0,40}?(?:https?：\/\/|www\.)[\x21-\x7e]+$/;
// "首页 > 政务公开 > 会议公开".
const BREADCRUMB = /^(?:首页|网站首页|当前位置|您的位置)[^。！？]*?[>＞»]/;
// "2020-02-24 00:00:00 来源：临颍网", "2019.08.28": a portal's time stamp, alone or before its source.
const TIME_STAMP =
  /^\d{4}[-./]\d{1,2}[-./]\d{1,2}(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?(?:\s*(?:来源|作者|编辑)[^。！？]*)?$/;
// A table row of portal fields only: "索引号 …  发布机构 …" with the labels run in.
const FIELD_ROW = new RegExp(`(?:${oneOf(FURNITURE_LABELS)})：[^。！？，]*(?:${oneOf(FURNITURE_LABELS)})：`);

export function isFurnitureLine(line: string): boolean {
  const trimmed = line.trim();
  return (
    LABELLED.test(trimmed) ||
    LINKS.test(trimmed) ||
    URL_LINE.test(trimmed) ||
    BREADCRUMB.test(trimmed) ||
    TIME_STAMP.test(trimmed) ||
    FIELD_ROW.test(trimmed)
  );
}

const TITLE_ROW = new RegExp(`^(?:${oneOf(TITLE_LABELS)})：\\s*(.+)$`);

/** The value of a "标题：X" row, or null. */
export function titleRow(line: string): string | null {
  return TITLE_ROW.exec(line.trim())?.[1]?.trim() ?? null;
}

const PUBLISHED = new RegExp(`(?:${oneOf(PUBLISHED_LABELS)})：\\s*(\\d{4})(?:[-./年](\\d{1,2}))?`);

/** The year and month the portal published the page, from its own date fields. */
export function publishedOn(text: string): { year: number; month: number | null } | null {
  const m = PUBLISHED.exec(text);
  if (!m) return null;
  return { year: Number(m[1]), month: m[2] ? Number(m[2]) : null };
}
