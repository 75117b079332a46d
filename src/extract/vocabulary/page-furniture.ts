// What a government portal puts around a record, as a clerk copies the whole page: the 索引号/发文机关 table,
// publishing details, counters, print and share links, breadcrumbs, URLs. None of it is the meeting's: such a
// line is never a title, a directive or a unit. meta.ts and paragraph-kinds.ts test lines against these.

/** Labels of the portal's own fields, at the start of a line: "索引号：…", "发布日期：…", "浏览次数：…". */
export const FURNITURE_LABELS = [
  "索引号",
  "发布机构",
  "发文机关",
  "发文单位",
  "发布单位",
  "发布日期",
  "发布时间",
  "更新时间",
  "更新日期",
  "成文日期",
  "生成日期",
  "发文日期",
  "公开日期",
  "公开方式",
  "公开范围",
  "公开形式",
  "公开时限",
  "组配分类",
  "主题分类",
  "体裁分类",
  "服务对象分类",
  "信息分类",
  "所属机构",
  "有效性",
  "文号",
  "发文字号",
  "字号",
  "字体",
  "来源",
  "信息来源",
  "作者",
  "浏览次数",
  "浏览量",
  "点击数",
  "点击量",
  "访问量",
  "阅读量",
  "阅读次数",
  "分享到",
  "当前位置",
  "您的位置",
  "您现在的位置",
  "附件下载",
  "附件",
] as const;

/** Whole lines a portal adds: print, close, share and accessibility links. */
export const FURNITURE_LINES = [
  "打印本页",
  "打印此页",
  "关闭窗口",
  "关闭本页",
  "分享到",
  "进入老年版",
  "无障碍",
  "微信扫一扫",
  "扫一扫在手机上查看当前页面",
  "扫一扫在手机打开当前页",
  "返回顶部",
  "上一篇",
  "下一篇",
  "相关阅读",
  "相关推荐",
  "相关链接",
] as const;

/** Labels of a field whose value is the record's title, in the portal's table: "标题：…". */
export const TITLE_LABELS = ["标题", "名称", "文件名称", "信息名称"] as const;

/** Labels of fields dated by the portal, not the meeting: they give the year of a date written "3月31日". */
export const PUBLISHED_LABELS = [
  "更新时间",
  "更新日期",
  "发布日期",
  "发布时间",
  "成文日期",
  "生成日期",
  "发文日期",
  "公开日期",
] as const;
