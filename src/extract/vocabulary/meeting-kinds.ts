// Kinds of meeting, as the title or the lead names them. The first kind whose words appear wins, so the list runs
// from the most specific (常务会议) to the most general (汇报会); "纪要" alone says only that it is minutes.

export const MEETING_KINDS = [
  { kind: "常务会议", words: ["常务会议", "常务会"] },
  { kind: "常委会会议", words: ["常委会会议", "常委会"] },
  { kind: "办公会议", words: ["办公会议", "办公会"] },
  { kind: "党组会议", words: ["党组会议", "党组会", "党组（扩大）会议"] },
  { kind: "局务会议", words: ["局务会议", "局务会", "局务扩大会"] },
  { kind: "联席会议", words: ["联席会议", "联席会"] },
  { kind: "专题会议", words: ["专题会议", "专题会", "专题调度会", "专题研究会"] },
  { kind: "调度会议", words: ["调度会议", "调度会"] },
  { kind: "推进会议", words: ["推进会议", "推进会"] },
  { kind: "例会", words: ["周例会", "月例会", "例会"] },
  { kind: "电视电话会议", words: ["电视电话会议", "电视电话会", "视频会议"] },
  { kind: "部署会议", words: ["部署会议", "部署会", "布置会议", "布置会"] },
  { kind: "座谈会", words: ["座谈会"] },
  { kind: "汇报会", words: ["汇报会"] },
] as const;

/** A record that calls itself minutes without naming the kind of meeting. */
export const MINUTES_KIND = "纪要";
