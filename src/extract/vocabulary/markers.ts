// The words that open a directive and the words around them. The patterns in markers.ts, segment.ts and
// analyse-span.ts are built from these lists: a new marker verb is one line here (and a test).

/**
 * What the meeting itself does, after "会议": "会议要求", "会议研究决定", "会议原则同意". 纪要 write the meeting
 * as the subject of every decision, so each of these opens a directive.
 */
export const MEETING_VERBS = [
  "原则同意",
  "原则通过",
  "同意",
  "决定",
  "议定",
  "确定",
  "明确",
  "指出",
  "强调",
  "要求",
  "提出",
  // An assessment as often as not ("会议认为，各部门配合有力"); kept only when it asks for something.
  "认为",
] as const;

/** Words 纪要 put between 会议 and its verb: "会议还要求", "会议经研究决定", "会议一致同意". */
export const MEETING_MODIFIERS = [
  "还",
  "再次",
  "进一步",
  "同时",
  "最后",
  "并",
  "也",
  "又",
  "专门",
  "一致",
  "研究",
  "经研究",
] as const;

/** What a named leader says: "李旭要求", "区长李顺强调", "他指出". */
export const SPEAKER_VERBS = ["指出", "强调", "要求"] as const;

/**
 * Speech verbs that open a leader's words only when punctuation follows at once ("她提出，一要…"): followed by a
 * noun they report an act ("提出了具体要求", handled as a proposal).
 */
export const SPEAKER_VERBS_BEFORE_PUNCTUATION = ["提出", "表示"] as const;

/** Words between a leader and the verb: "李旭进一步强调", "他最后要求". */
export const SPEAKER_MODIFIERS = [
  "进一步",
  "还",
  "再次",
  "同时",
  "最后",
  "也",
  "又",
  "特别",
  "着重",
] as const;

/**
 * How news reports set a leader's words in the meeting, between the name and the verb: "在听取汇报后指出",
 * "作总结发言指出", "出席会议并指出", "讲话时强调". Regex fragments, each one shape.
 */
export const SPEAKER_SETTINGS = [
  "在[^，。；：！？]{1,24}?(?:上|中|后|时)",
  "作[^，。；：！？]{0,8}?(?:讲话|发言)(?:时)?",
  "(?:出席|参加)[^，。；：！？]{0,12}?并(?:讲话|发言)?(?:时)?",
  "(?:讲话|发言|总结)时",
] as const;

/** A bare verb after a comma, the subject left out: "会议传达学习了X，要求…". */
export const BARE_VERBS = ["要求", "强调"] as const;

/** Connectives before a bare verb: "并要求", "同时强调". */
export const BARE_MODIFIERS = ["并", "同时", "还", "另外"] as const;

/** Verbs that open a new directive at the start of a sentence in a leader's voice: "…。要求各位科长要…". */
export const CARRIED_VERBS = ["要求"] as const;

/** 纪要 clauses with no subject, at the start of a sentence: "原则同意《X》，要求…". */
export const SUBJECTLESS_VERBS = ["原则同意", "原则通过", "同意"] as const;

/** Approvals: alone ("会议原则通过《X》。") they ask nothing, but they name what the next directives are about. */
export const APPROVAL_VERBS = ["原则同意", "原则通过", "同意"] as const;

/**
 * Verbs that may only assess or praise ("会议指出，…有利于…", "会议认为，…作出了积极贡献"): such a block is a
 * directive only if it asks for something.
 */
export const ASSESSING_VERBS = ["指出", "强调", "讲话", "提出", "认为"] as const;

/**
 * Verbs of judgement ("会议认为，…落实任务细"): their clauses read like orders ("落实…") while they describe work
 * done, so only a modal word (要, 必须 …) makes their block a directive.
 */
export const JUDGING_VERBS = ["认为"] as const;

/** The verb a numbered heading gives its sub-items ("二、会议决定以下事项"); 研究 when it names none. */
export const HEADING_VERBS = ["决定", "议定", "确定", "明确", "要求", "强调"] as const;

/** The verb of a proposal: "就X提出三点意见" is 提出, "提出具体要求" is 要求. */
export const PROPOSAL_NOUNS = ["意见", "要求"] as const;

/**
 * Marker verbs followed by who must act ("会议要求各街道…") or by the document approved and its drafter
 * ("会议同意区水务局提出的…"): units.ts reads past them instead of skipping them as openers.
 */
export const INTRODUCING_VERBS = ["要求", "同意", "原则同意", "原则通过"] as const;

/**
 * Words that make a 指出/强调 block an instruction rather than an assessment. 要 counts only outside nouns
 * (markers.ts: 重要, 主要, 纲要, 要求 as "the requirements of" …).
 */
export const MODAL_WORDS = [
  "必须",
  "务必",
  "应当",
  "确保",
  "力争",
  "请",
  "负责",
  "牵头",
  "限期",
  "抓紧",
  "尽快",
  "不得",
  "严禁",
  "坚决",
] as const;

/** Verbs that open an imperative clause ("强调按照…，推进…，完善…"). */
export const IMPERATIVE_OPENERS = [
  "切实",
  "进一步",
  "持续",
  "全力",
  "加快",
  "加大",
  "加强",
  "推进",
  "推动",
  "完善",
  "做好",
  "抓好",
  "抓实",
  "落实",
  "强化",
  "提升",
  "深化",
  "坚持",
  "严格",
  "扎实",
  "着力",
  "狠抓",
  "压实",
  "建立",
  "健全",
  "统筹",
  "聚焦",
] as const;

/** How a clause ends when it is the subject of a judgement, not an order ("做好防汛准备意义重大"). */
export const JUDGEMENT_ENDINGS = [
  "意义重大",
  "十分重要",
  "非常重要",
  "至关重要",
  "尤为重要",
  "很有必要",
  "十分必要",
  "非常必要",
  "意义",
  "作用",
  "举措",
  "基础",
] as const;
