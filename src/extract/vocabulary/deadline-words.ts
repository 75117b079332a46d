// The words the deadline finder reads, in one place. Each group is plain data; the patterns are built from it in
// deadline-patterns.ts, so teaching the finder a new completion verb or modality word is one line here plus a test.
// Longer words are tried first wherever a group becomes an alternation, so order within a group does not matter.

/** Written before a phrase and part of it as written ("在主汛期前", "于6月30日前", "赶在春节前"). */
export const leadWords = ["赶在", "在", "于"] as const;

/**
 * After a bare date or period these make it a completion-by target ("6月30日完成", "11月8日全部转入" is handled by
 * completionQuantifiers). Start-by verbs (开工, 启用) count: the README treats "一季度开工" as a deadline.
 */
export const completionVerbs = [
  "完成",
  "办结",
  "到位",
  "上报",
  "报送",
  "报齐",
  "提交",
  "建成",
  "竣工",
  "完工",
  "整改",
  "交付",
  "投用",
  "投入使用",
  "投入运营",
  "启用",
  "开工",
  "清零",
  "出台",
  "印发",
  "结束",
  "落实",
  "实现",
  "达标",
  "见效",
  "完毕",
  "迁移",
  "迁出",
  "拆除",
  "搬迁",
  "封顶",
  "通车",
  "通水",
  "通气",
  "通电",
  "开园",
  "开业",
  "运营",
  "投产",
  "验收",
  "销号",
  "定稿",
  "发放",
  "拨付",
  "兑现",
  "解决",
  "关闭",
  "清理",
  "腾退",
  "入住",
  "全覆盖",
  "开通",
  "上线",
  "移交",
  "交工",
  "贯通",
  "合龙",
  "结案",
  "审结",
  "支付",
  "缴纳",
  "补齐",
  // "报名工作于7月10日截止": a cut-off after the date (截止 before a date is an as-of status, see asOfWords).
  "截止",
] as const;

/** Between a date and its verb: "11月8日全部完成". 全部 alone also marks a completion ("11月8日全部转入"). */
export const completionQuantifiers = ["全部", "全面", "基本", "均", "前", "底"] as const;

/**
 * Verbs that also name a class of projects: "调度一季度开工项目" asks about projects starting in Q1, while
 * "一季度完成项目立项" (a verb with its object) is a deadline.
 */
export const attributiveVerbs = ["开工", "竣工", "完工", "建成", "投产", "投用", "开业", "签约"] as const;
export const attributiveNouns = ["项目", "工程", "企业"] as const;

/**
 * After an event-anchored 前 these form the name of a task ("做好汛前准备", "节前检查", "汛前演练") rather than a
 * completion-by phrase, unless a word saying the task is finished follows (finishedWords: "汛前检查完毕"). Another
 * action verb after the noun only lengthens the task's name ("汛前准备整改").
 */
export const finishedWords = ["完毕", "完成", "结束", "到位", "就绪"] as const;

export const periodTaskNouns = [
  "准备",
  "检查",
  "排查",
  "演练",
  "演习",
  "测报",
  "部署",
  "培训",
  "安全检查",
] as const;

/** A bare date followed by these is when something starts, not when it must be done ("4月2日全面开展植树"). */
export const startVerbs = ["开始", "开展", "启动", "进行", "举行", "召开", "实施", "进场", "起"] as const;

/**
 * An order to the addressee. A bare date or year in a clause governed by one of these, with a completion verb after
 * it, is a deadline ("确保今年我区完成…"). Single 要 is read only outside compounds such as 主要, 重要 (see patterns).
 */
export const orderWords = [
  "要求",
  "要",
  "须",
  "必须",
  "务必",
  "务于",
  "确保",
  "责成",
  "请",
  "应当",
  "应于",
  "限",
  "督促",
  "一律",
  "保证",
  "需",
] as const;

/** A plan or aim: still a deadline the office tracks (README: plans count, forecasts do not). */
export const planWords = ["计划", "力争", "争取", "拟", "将", "预定", "准备", "打算"] as const;

/** Compounds of 要 that carry no order ("主要任务", "重要节点", "纪要"). */
export const notOrderCompounds = [
  "主要",
  "重要",
  "需要",
  "纪要",
  "摘要",
  "要点",
  "要素",
  "简要",
  "提要",
  "要闻",
] as const;

/** A forecast before the phrase ("预计年内投入使用") turns a date into a prediction, not a deadline. */
export const forecastWords = ["预计", "预估", "估计", "有望", "可望", "预测", "预期"] as const;

/** A forecast written after the phrase: "9月底可全面完成" reports what can be done, nobody is told to do it. */
export const forecastAfter = ["可望", "有望", "可", "能", "即可", "将可"] as const;

/** Right before the phrase: it already happened ("已于10月28日审议", "已在6月底前完成"). */
export const pastBefore = ["已于", "已在", "已经", "业已", "均已", "已", "曾于", "先后于"] as const;

/** Right after the phrase: "10月底前已全部完成" reports the past. */
export const pastAfter = ["已经", "均已", "已", "全部已", "基本已"] as const;

/** 截至/截止 + a date reports a status as of that date, unless it is a cut-off (see asOfStatusWords). */
export const asOfWords = ["截止到", "截至到", "截止至", "截止", "截至"] as const;

/** After 截至X: a status is reported ("截至6月底，已完成…", "共收到…"), so X is no deadline. */
export const asOfStatusWords = [
  "已",
  "累计",
  "共",
  "完成率",
  "达到",
  "总计",
  "合计",
  "正在",
  "陆续",
  "先后",
  "均",
  "超过",
  "同比",
] as const;

/** After 到X / 至X only unmistakable reports make it a status: "到年底，确保指标达到…" is still a target. */
export const reachedStatusWords = ["已", "累计", "完成率", "共计"] as const;

/** After 截至X these make X a cut-off ("截至11月28日17:00，逾期不予受理"). */
export const cutOffSignals = ["逾期", "过期", "不予受理", "不再受理", "为止"] as const;

/** After a date or period: the phrase names a span, not an end ("春节前后", "国庆期间", "下月中旬左右"). */
export const windowAfter = ["前后", "期间", "以来", "之际", "左右", "前夕"] as const;

/** Before a phrase: the span runs on until it ("持续到10月底", "延续至年底"), so it is a window's end. */
export const windowBefore = [
  "持续到",
  "持续至",
  "延续到",
  "延续至",
  "一直到",
  "一直持续到",
  // A validity period ends on its date; nobody has to do anything by it.
  "有效期至",
  "有效期到",
  "有效期截至",
  "有效期截止",
  "有效至",
] as const;

/** "自X起至Y" / "X后至Y": the period from a start to Y. Y is a window's end unless 前 makes it a by-date. */
export const windowStarts = ["起", "后", "开始"] as const;

/**
 * A window whose end is the time limit for something the addressee must do (迁坟时间：自X起至Y止): its end is a
 * deadline, unlike an inspection or 公示 window.
 */
export const compulsoryActs = [
  "迁坟",
  "迁移",
  "搬迁",
  "拆除",
  "拆迁",
  "清理",
  "清退",
  "腾退",
  "整改",
  "补缴",
  "自行拆除",
  "投案",
  "自首",
] as const;

/** Before a phrase: a recurring deadline ("每月25日前", "每年9月10日前", "每周四前") has no single date. */
export const cadencePrefixes = [
  "每年",
  "每月",
  "每季度",
  "每季",
  "每周",
  "每星期",
  "每天",
  "每日",
  "每",
  "逢",
] as const;

/**
 * Right before a bare period these make it the time of a target: "奋力实现上半年时间任务“双过半”目标" (the target is
 * due by the end of June). The slogan itself (双过半, 开门红) is never a deadline phrase.
 */
export const targetVerbsBefore = ["实现", "完成", "达到", "达成"] as const;

/** After a date: an age cut-off ("12月31日前年满18周岁"), which decides who is eligible. */
export const ageWords = ["年满", "周岁", "出生"] as const;

/**
 * Before a date: the label of a stated deadline ("截止时间为8月5日", "完成时限：6月30日", "时间节点为6月15日"). A bare
 * "时间：" is not here: it usually introduces an event time ("时间：11月29日上午9:30").
 */
export const deadlineLabels = [
  "时限",
  "期限",
  "截止时间",
  "截止日期",
  "截至时间",
  "截至日期",
  "完成时间",
  "完成日期",
  "办结时间",
  "时间节点",
  "完成节点",
  "最后期限",
  "最迟",
  "最晚",
  "不迟于",
] as const;

/** What may join a label to its date. */
export const labelJoiners = [
  "为",
  "是",
  "定为",
  "定在",
  "：",
  "在",
  // "报名截止时间延长至8月31日": the new date is the deadline.
  "延长至",
  "延长到",
  "延至",
  "推迟至",
  "调整为",
  "至",
] as const;

/** Parts of a month. The end is exact; 上旬/中旬/初 are vague, so their date is left to the office. */
export const monthParts = {
  底: "end",
  末: "end",
  下旬: "end",
  中旬: "vague",
  上旬: "vague",
  初: "vague",
} as const;

/** The day a vague month part is suggested as, in the note to the office. */
export const vagueMonthPartDay = { 中旬: 20, 上旬: 10, 初: 10 } as const;

/**
 * "自本公告发布之日起30日内": the period counts from the document itself, i.e. from the reference date. Anything
 * else before 起/后 is an event of its own ("迁坟后10日内"), whose date the text does not give.
 */
export const documentAnchors = [
  "本公告",
  "本通告",
  "本通知",
  "本公示",
  "本决定",
  "本意见",
  "本办法",
  "公告",
  "通告",
  "通知",
  "公示",
  "告知书",
  "决定书",
  "通知书",
  "即日",
  "今日",
  "今天",
  "会后",
  "会议",
  "本次",
  "本",
] as const;

/** Anchors that name this very notice or meeting; a count from them is never a standing rule. */
export const selfReferences = ["本", "公告", "通告", "通知", "即日", "今日", "今天", "会后"] as const;

/** After a half-year or quarter these make it the name of a period of work ("上半年工作", "一季度经济运行"). */
export const periodNameAfter = ["工作", "经济", "以来", "的", "重点", "计划"] as const;

/** After an event (秋季开学) these make the event itself the target ("实现秋季开学目标", "秋季开学投入使用"). */
export const eventTargetAfter = ["目标", "投入使用", "交付使用", "正常使用", "启用"] as const;

/**
 * "受理后5个工作日内反馈": a processing limit that restarts for every case (a standing limit), not a deadline.
 */
export const standingAnchors = [
  "受理",
  "收到",
  "接到",
  "申请",
  "登记",
  "报案",
  "立案",
  "接件",
  "发现",
  "压缩到",
  "压缩至",
  "缩短到",
  "缩短至",
  "缩减到",
  "缩减至",
  "提速到",
] as const;

/** "…之日起六个月内无人认领的": a rule for whoever fails to act, restarting for every notice. */
export const standingConditions = ["无人", "未", "不", "没有", "逾期"] as const;

/** The 即 of a gloss: "30日内（即7月22日前）", where the stated date wins over the count. */
export const glossWords = ["即", "也就是", "亦即"] as const;

/** The notice window an instruction may refer to ("请在公示期内反映"). Its end is stated elsewhere in the notice. */
export const noticeWindows = ["批前公示", "公示", "公告"] as const;

/** In a sentence with 公示期内, these make it an instruction to act within the window, not a statement of it. */
export const noticeWindowActs = [
  "反映",
  "反馈",
  "提出",
  "举报",
  "投诉",
  "申请",
  "提交",
  "报送",
  "异议",
  "意见",
  "请",
] as const;

/** Time of day after a date, kept for display: "下午17:30前", "下班前" still means that day. */
export const dayParts = ["上午", "下午", "中午", "晚上", "早上", "凌晨", "晚"] as const;

/** 限期 / 限时 name a limit without a date; these after them are names of systems, not limits ("限时办结制"). */
export const openLimitWords = ["限期", "限时"] as const;
export const openLimitNotAfter = ["办结制", "承诺", "服务", "制", "内"] as const;
/** "上述限期内" refers back to a limit set elsewhere. */
export const openLimitNotBefore = ["上述", "规定", "法定", "该", "此", "在"] as const;

/**
 * Ongoing work with no end date ("长期坚持", "常抓不懈"): shown to the office as an ongoing task, never a deadline.
 */
export const ongoingWords = [
  "长期坚持",
  "长期开展",
  "长期执行",
  "长期保持",
  "常态化开展",
  "常态化推进",
  "常抓不懈",
  "长抓不懈",
  "久久为功",
  "持之以恒",
] as const;

/** The period of a reporting cycle: "每月报告一次", "一周一调度". */
export const cyclePeriods = {
  天: "day",
  日: "day",
  周: "week",
  星期: "week",
  旬: "ten-days",
  月: "month",
  季度: "quarter",
  季: "quarter",
  半年: "half-year",
  年: "year",
} as const;

/** What is done every period in a cycle ("每月通报", "一季度一观摩"). */
export const cycleActs = [
  "报告",
  "报送",
  "上报",
  "通报",
  "汇报",
  "调度",
  "召开",
  "检查",
  "督查",
  "督导",
  "观摩",
  "总结",
  "会商",
  "研判",
  "更新",
  "统计",
  "考核",
  "讲评",
  "排名",
  "报",
] as const;
