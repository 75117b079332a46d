// Sentence shapes that are never a directive, as data: what the meeting heard or studied (agenda lines), who
// attended, who wrote the report, and summaries that say instructions were given without saying what they were.
// markers.ts and segment.ts build their tests from these lists.

/** What a meeting does with an agenda item: "会议听取了X汇报", "会议审议了《X》". */
export const AGENDA_VERBS = [
  "听取",
  "审议",
  "研究",
  "讨论",
  "传达",
  "学习",
  "通报",
  "调度",
  "观看",
  "分析",
  "讲解",
  "部署",
  "审定",
  "审阅",
  "原则通过",
  "审议通过",
  "研究通过",
] as const;

/** Adverbs between 会议 and an agenda verb: "会议先后听取了", "会议还专题研究了". */
export const AGENDA_MODIFIERS = [
  "首先",
  "先后",
  "还",
  "又",
  "集中",
  "专题",
  "一并",
  "分别",
  "认真",
  "书面",
] as const;

/** The verbs a numbered heading opens with when it has no subject: "一、审议《X》", "二、听取…汇报". */
export const LABELLED_AGENDA_VERBS = ["听取", "审议", "研究", "讨论", "传达学习", "学习", "通报"] as const;

/** Agenda summaries that list several items or "other matters": they introduce nothing in particular. */
export const AGENDA_OVERVIEWS = [
  "等议题",
  "等事项",
  "等工作",
  "其他事项",
  "其它事项",
  "其他议题",
  "其它议题",
  "其他问题",
  "其它问题",
  "其他事宜",
  "其它事宜",
] as const;

/** Sentences that close a directive and are never part of one. */
export const NON_DIRECTIVE_SENTENCES: readonly RegExp[] = [
  // attendance: "…负责同志参加会议。", "区领导代江、何渡参加。"
  /(?:参加|出席|列席)(?:了)?(?:会议|本次会议|此次会议|相关议题(?:的研究)?)?(?:并讲话|并作讲话|并发言)?[。！]?$/,
  // reporter credits and sources, alone in parentheses or after the text
  /^（[^（）]*）[。]?$/,
  /^(?:本报讯|记者|通讯员|来源|编辑|责任编辑|责编|审核|校对|摄影|供稿|图文)/,
  /(?:供稿|编辑|来源)[^。，]{0,12}[。）]?$/,
  // the meeting's own arrangements and reports made to it
  /^会上，/,
  /(?:通报|汇报|介绍)了|作了[^。]{0,20}(?:发言|汇报|说明)|交流发言|表态发言/,
  /^(?:现)?(?:将会议)?(?:纪要|研究的有关事项纪要)如下/,
  // a summary that instructions were given, without them: "会议对下阶段工作提出了要求。", "并提出具体要求。",
  // "对X工作进行了安排部署。"
  /提出(?:了)?(?:[一二三四五六七八九十两几\d]+(?:点|个|项|条))?(?:具体|明确|详细|殷切|严格)?(?:的)?(?:要求|意见|希望)[。！]$/,
  /(?:进行了|作了|作出了)[^。，]{0,8}(?:安排部署|部署安排|安排|部署)[。！]$/,
];

/**
 * Requests about how the meeting itself was run ("要求各部门负责同志临场汇报前期工作"): done at the meeting, so not
 * a task to track. Tested on a directive's content.
 */
export const PROCEDURAL_CONTENT =
  /^[^，。；]{0,16}?(?:临场|现场|当场|会上|逐一|依次|分别)?(?:汇报|发言|表态)/;
