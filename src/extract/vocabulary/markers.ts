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
