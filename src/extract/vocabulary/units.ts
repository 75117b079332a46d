// Who can be told to act, as data: the shapes of organisation names, the collectives and roles that count as
// units, and the addressees too vague to assign. units.ts (and people.ts, for bodies that speak) build their
// patterns from these lists.

/**
 * How an organisation or working body's name ends: 区财政局, 县农机服务中心, 市煤炭消费压减工作专班,
 * 县秸秆禁烧工作督导组. A name must be at least three characters: two-character ones are generic nouns (学校).
 */
export const ORGANISATION_SUFFIXES = [
  "局",
  "委",
  "办",
  "中心",
  "街道",
  "街道办事处",
  "办事处",
  "公司",
  "集团",
  "管委会",
  "委员会",
  "专班",
  "政府",
  "人民政府",
  "指挥部",
  "领导小组",
  "工作组",
  "工作小组",
  "督导组",
  "督查组",
  "检查组",
  "专项组",
  "工作队",
  "医院",
  "学校",
  "中学",
  "小学",
  "大学",
  "学院",
  "大队",
  "支队",
  "中队",
  "站",
  "所",
  "院",
  "室",
  "科",
  "厅",
  "处",
  "馆",
  "社",
  "协会",
  "联合会",
  "商会",
  "银行",
  "组织部",
  "宣传部",
  "统战部",
  "武装部",
  "人武部",
  "政法委",
] as const;

/** People or parts inside a named body, written after its name: "区住建局班子成员", "领导小组成员单位". */
export const ORGANISATION_TAILS = [
  "全体班子成员",
  "班子成员",
  "主要负责同志",
  "主要负责人",
  "负责同志",
  "负责人",
  "各部门",
  "办公室",
  "成员单位",
] as const;

/**
 * Every one of a known kind, after 各: 各街道, 各乡镇（街道）, 各区县, 各片区, 各查验站, 各工作小组. A definite
 * collective names who must act, unlike 各单位/各部门.
 */
export const COLLECTIVE_KINDS = [
  "街道",
  "镇",
  "乡镇",
  "镇街",
  "街镇",
  "乡",
  "村",
  "村组",
  "村居",
  "社区",
  "小区",
  "区",
  "县",
  "市",
  "区县",
  "县区",
  "县市区",
  "区政府",
  "县政府",
  "市政府",
  "县区政府",
  "办事处",
  "街道办事处",
  "园区",
  "开发区",
  "功能区",
  "片区",
  "管委会",
  "学校",
  "医院",
  "查验站",
  "工作小组",
  "专项工作组",
  "工作组",
  "督导组",
  "督查组",
  "县级领导",
  "区级领导",
  "市级领导",
  "包保领导",
] as const;

/** People of each member of a collective, after its kind: "各乡镇党政主要负责人", "各街道主要负责同志". */
export const COLLECTIVE_PEOPLE = [
  "党政主要负责人",
  "党政主要领导",
  "主要负责人",
  "主要负责同志",
  "负责同志",
  "负责人",
  "主要领导",
  "党政一把手",
  "书记",
] as const;

/**
 * Roles given tasks as a class in township and bureau minutes ("网格员要加大巡查力度", "组长要发挥职能"): each
 * names definite people, unlike 干部 or 领导.
 */
export const ROLES = [
  "组长",
  "副组长",
  "网格员",
  "网格长",
  "护林员",
  "河长",
  "林长",
  "班子成员",
  "党委主要领导",
  "驻村工作队",
  "驻村第一书记",
  "信息员",
  "联络员",
] as const;

/**
 * Bodies known by level alone, inside their own system: a tax or water bureau's minutes say "区局", "市局" for
 * itself and its superior.
 */
export const LEVEL_BODIES = ["省局", "市局", "区局", "县局", "分局"] as const;

/** The level a short form names: "县财政", "区交通", "县医保中心". */
export const LEVELS = ["省", "市", "区", "县", "镇", "乡"] as const;

/** Sectors written without "局": "县财政", "区交通", "县环保、市场、应急等部门". */
export const SECTORS = [
  "财政",
  "交通",
  "交通运输",
  "教育",
  "公安",
  "民政",
  "人社",
  "卫健",
  "卫生",
  "环保",
  "生态环境",
  "住建",
  "城管",
  "水利",
  "水务",
  "农业",
  "农业农村",
  "农机",
  "林业",
  "自然资源",
  "国土",
  "规划",
  "应急",
  "市场监管",
  "税务",
  "审计",
  "统计",
  "文旅",
  "文化",
  "体育",
  "商务",
  "发改",
  "工信",
  "科技",
  "司法",
  "信访",
  "医保",
  "气象",
  "消防",
  "供电",
  "金融",
] as const;

/** Addressees too wide to assign, wherever they occur in a name: "有关单位", "各级党委", "相关责任单位". */
export const VAGUE_QUALIFIERS = ["有关", "相关", "各级", "涉及"] as const;

/** Addressees too wide to assign as whole names. */
export const VAGUE_NAMES = [
  "单位",
  "部门",
  "职能部门",
  "主管部门",
  "行业主管部门",
  "行业部门",
  "责任单位",
  "牵头单位",
  "承办单位",
  "成员单位",
  "领导干部",
  "干部",
  "主要领导",
  "分管领导",
  "一把手",
] as const;

/** Kinds of body too generic to name one: "领导小组要…" without saying whose. */
export const GENERIC_ORGANISATIONS = [
  "办事处",
  "指挥部",
  "领导小组",
  "工作组",
  "工作小组",
  "委员会",
  "管委会",
  "居委会",
  "村委会",
  "工作专班",
  "办公室",
  "医院",
  "学校",
  "公司",
  "企业",
  "银行",
  "学院",
  "集团",
  "中心",
  "基层党组织",
  "相关科室",
  "各科室",
] as const;

/** How a body that speaks as one ends ("区局就X提出具体要求", "县政府要求"). */
export const SPEAKING_BODIES = ["局", "委", "办", "政府", "部", "指挥部", "领导小组", "管委会"] as const;
