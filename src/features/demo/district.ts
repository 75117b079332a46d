// A small, realistic district for the demo: the bureaus and streets a standing meeting usually names.
// Written by us; the e-mail addresses are on the reserved .example domain.
import type { UnitKind } from "../units/service.ts";

export type DemoUnit = {
  name: string;
  shortName?: string;
  aliases: string[];
  /** Duty keywords, worded the way the unit's 三定方案 describes its duties: a lead unit is suggested from them. */
  duties: string[];
  kind: UnitKind;
  username: string;
  contact: string;
};

/** A 三定方案-style list written with 、 between keywords, as it reads on paper. */
const duties = (list: string) => list.split("、");

// In this district the development and reform bureau also carries commerce (招商引资, 商贸流通) and the finance
// bureau state assets (国有资产), as in many districts without a separate 商务局 or 国资办.
export const demoUnits: DemoUnit[] = [
  {
    name: "区政府办公室",
    shortName: "区政府办",
    aliases: ["政府办"],
    duties: duties(
      "政府工作报告、常务会议、政务督查、督查督办、文稿起草、政策研究、为民办实事、民生实事、政务公开、政务信息、应急值守、机关事务、综合协调",
    ),
    kind: "bureau",
    username: "zhengfuban",
    contact: "王秀兰",
  },
  {
    name: "区发展和改革局",
    shortName: "区发改局",
    aliases: ["发改局", "区发展改革局"],
    duties: duties(
      "国民经济和社会发展、发展规划、五年规划、年度计划、经济运行、主要经济指标、重大项目、重点项目、项目库、项目谋划、项目储备、固定资产投资、招商引资、商贸流通、价格管理、粮食储备、能源、节能减排、社会信用、以工代赈",
    ),
    kind: "bureau",
    username: "fagai",
    contact: "李志强",
  },
  {
    name: "区财政局",
    aliases: ["财政局"],
    duties: duties(
      "财政预算、预算执行、决算、财政收支、财政资金、专项资金、资金绩效、存量资金、政府债务、国有资产、国有企业、政府采购、会计管理、补助资金",
    ),
    kind: "bureau",
    username: "caizheng",
    contact: "张丽娟",
  },
  {
    name: "区水务局",
    aliases: ["水务局", "区水利局"],
    duties: duties(
      "水利工程、水库、河道、河湖、河长制、防汛、抗旱、度汛、除险加固、堤防、供水、排水、农村饮水、水资源、节约用水、水土保持、山洪灾害、泵站、污水处理、黑臭水体",
    ),
    kind: "bureau",
    username: "shuiwu",
    contact: "刘海涛",
  },
  {
    name: "区生态环境分局",
    aliases: ["生态环境分局", "区生态环境局", "区环保局"],
    duties: duties(
      "生态环境、环境保护、环保督察、污染防治、治污、大气污染、空气质量、PM2.5、水污染、土壤污染、固体废物、固废、危险废物、散煤、秸秆禁烧、环境执法、碳排放、噪声污染、生态文明、美丽中国",
    ),
    kind: "bureau",
    username: "shengtai",
    contact: "陈静",
  },
  {
    name: "区住房和城乡建设局",
    shortName: "区住建局",
    aliases: ["住建局", "区住房城乡建设局"],
    duties: duties(
      "住房、住房保障、保障性住房、房地产、城中村改造、棚户区改造、老旧小区改造、旧城改造、城市更新、城市建设、城建、市政工程、建筑业、建筑施工、工程质量、燃气、供热、清洁取暖、煤改气、物业管理、房屋征收、农村危房、小城镇",
    ),
    kind: "bureau",
    username: "zhujian",
    contact: "杨伟",
  },
  {
    name: "区自然资源局",
    aliases: ["自然资源局", "区自然资源和规划局"],
    duties: duties(
      "国土空间规划、控制性详细规划、控规、用地、土地供应、土地征收、征地、耕地保护、不动产登记、不动产、土地权属、确权、矿产资源、矿山、开山采石、盗采、地质灾害、林业、造林绿化、森林资源、测绘、项目选址",
    ),
    kind: "bureau",
    username: "ziran",
    contact: "赵敏",
  },
  {
    name: "区教育和体育局",
    shortName: "区教体局",
    aliases: ["教体局", "区教育局"],
    duties: duties(
      "教育、学校、中小学、幼儿园、学前教育、义务教育、教育项目、校园安全、立德树人、思政课、教师队伍、招生入学、秋季开学、体育、全民健身",
    ),
    kind: "bureau",
    username: "jiaoti",
    contact: "黄磊",
  },
  {
    name: "区卫生健康局",
    shortName: "区卫健局",
    aliases: ["卫健局"],
    duties: duties(
      "卫生健康、医疗、医院、公共卫生、疾病预防控制、传染病、疫情防控、爱国卫生、国家卫生城市、创卫、国卫、基层医疗、中医药、托育、健康促进",
    ),
    kind: "bureau",
    username: "weijian",
    contact: "周芳",
  },
  {
    name: "区应急管理局",
    shortName: "区应急局",
    aliases: ["应急局", "应急管理局"],
    duties: duties(
      "应急管理、安全生产、隐患排查、危险化学品、危化、非煤矿山、防灾减灾救灾、自然灾害、应急救援、应急预案、防汛抗旱指挥、森林防火、事故调查",
    ),
    kind: "bureau",
    username: "yingji",
    contact: "吴刚",
  },
  {
    name: "区农业农村局",
    aliases: ["农业农村局", "区农业局"],
    duties: duties(
      "农业、农村、乡村振兴、三农、粮食生产、三夏、三秋、秸秆综合利用、农作物、高标准农田、种植、畜牧、动物防疫、农产品、美丽乡村、和美乡村、农村人居环境、农民增收、农机",
    ),
    kind: "bureau",
    username: "nongye",
    contact: "徐建军",
  },
  {
    name: "区交通运输局",
    shortName: "区交通局",
    aliases: ["交通运输局", "交通局"],
    duties: duties("交通运输、道路、公路、农村公路、桥梁、道路运输、公共交通、公交、客运、货运、治超、物流"),
    kind: "bureau",
    username: "jiaotong",
    contact: "孙燕",
  },
  {
    name: "区市场监督管理局",
    shortName: "区市场监管局",
    aliases: ["市场监管局"],
    duties: duties(
      "市场监管、市场主体、食品安全、药品安全、食品药品、特种设备、产品质量、计量、标准化、知识产权、价格监督、广告监管、消费者权益",
    ),
    kind: "bureau",
    username: "shichang",
    contact: "马超",
  },
  {
    name: "区人力资源和社会保障局",
    shortName: "区人社局",
    aliases: ["人社局"],
    duties: duties(
      "就业、创业、社会保险、社保、养老保险、人才引进、劳动关系、劳动保障监察、欠薪、拖欠农民工工资、农民工工资、职业技能培训、事业单位人事、职称",
    ),
    kind: "bureau",
    username: "renshe",
    contact: "朱红梅",
  },
  {
    name: "区城市管理局",
    shortName: "区城管局",
    aliases: ["城管局", "区综合行政执法局"],
    duties: duties(
      "城市管理、城市精细化管理、市容、市容秩序、环境卫生、环卫、生活垃圾、垃圾分类、园林绿化、公园、广场、违法建设、户外广告、占道经营、综合行政执法、餐饮油烟、渣土、路灯、市政设施维护",
    ),
    kind: "bureau",
    username: "chengguan",
    contact: "胡斌",
  },
  {
    name: "区行政审批服务局",
    shortName: "区审批局",
    aliases: ["审批局", "区行政审批局"],
    duties: duties(
      "行政审批、并联审批、政务服务、一网通办、一窗受理、12345、政务服务热线、营商环境、企业开办、证照办理、工程建设项目审批",
    ),
    kind: "bureau",
    username: "shenpi",
    contact: "郭丹",
  },
  {
    name: "区文化和旅游局",
    shortName: "区文旅局",
    aliases: ["文旅局"],
    duties: duties(
      "文化、旅游、文旅、文物、博物馆、非物质文化遗产、景区、公共文化、图书馆、文艺、广播电视、红色文化、全域旅游",
    ),
    kind: "bureau",
    username: "wenlv",
    contact: "林晓",
  },
  {
    name: "东城街道办事处",
    shortName: "东城街道",
    aliases: ["东城街道办"],
    duties: duties("社区治理、网格化管理、辖区环境整治、征迁安置、居民服务"),
    kind: "street",
    username: "dongcheng",
    contact: "何平",
  },
  {
    name: "西城街道办事处",
    shortName: "西城街道",
    aliases: ["西城街道办"],
    duties: duties("社区治理、网格化管理、辖区环境整治、征迁安置、居民服务"),
    kind: "street",
    username: "xicheng",
    contact: "高洁",
  },
  {
    name: "南关街道办事处",
    shortName: "南关街道",
    aliases: ["南关街道办"],
    duties: duties("社区治理、网格化管理、辖区环境整治、征迁安置、居民服务"),
    kind: "street",
    username: "nanguan",
    contact: "罗军",
  },
  {
    name: "北山镇人民政府",
    shortName: "北山镇",
    aliases: ["北山镇政府"],
    duties: duties("村庄规划、村级组织、农村人居环境、征迁安置、乡村治理"),
    kind: "town",
    username: "beishan",
    contact: "梁文",
  },
  {
    name: "区城市建设投资集团有限公司",
    shortName: "区城投集团",
    aliases: ["城投集团", "区城投公司"],
    duties: duties(
      "城市基础设施投资、投融资、融资、代建、片区开发、安置房、经营性资产、资产运营、土地整理、停车场",
    ),
    kind: "company",
    username: "chengtou",
    contact: "宋涛",
  },
];

export const demoPeople = {
  office: { username: "ducha", name: "郑晓燕", label: "区政府督查室" },
  leader: { username: "lingdao", name: "王建国", label: "区长（全区）" },
  deputy: { username: "fuquzhang", name: "李明", label: "副区长（分管水务、住建、生态环境、自然资源）" },
} as const;

/** Units the demo deputy head is in charge of (分管). */
export const deputyUnits = ["区水务局", "区住房和城乡建设局", "区生态环境分局", "区自然资源局"];

export const demoPassword = "duban2021";

export const demoMeeting = {
  title: "示范区人民政府第18次常务会议纪要",
  kind: "常务会议" as const,
  number: "第18次",
  heldOn: "2026-11-16",
  chair: "王建国",
  text: `11月16日，区长王建国主持召开区政府第18次常务会议，传达学习全省安全生产电视电话会议精神，研究部署冬季安全生产、清洁取暖、水库除险加固、重点项目建设等工作。副区长李明、张华、赵丽，区政府党组成员刘强出席会议。

一、关于冬季安全生产工作
会议传达学习了全省安全生产电视电话会议精神。会议强调，各级各部门要牢固树立安全发展理念，深入开展安全生产大排查大整治。区应急管理局要会同区住建局、区市场监管局，在12月15日前完成全区燃气、建筑施工、特种设备领域隐患排查，建立问题、责任、整改三张清单，确保元旦、春节期间全区安全形势平稳。

二、关于冬季清洁取暖工作
会议指出，清洁取暖事关群众温暖过冬和大气污染防治，必须作为重要民生工程抓紧抓实。会议要求，区住建局牵头，各街道配合，在11月底前完成剩余1200户农村清洁取暖改造任务；区生态环境分局要加强散煤管控，每月通报各街道散煤治理进展。

三、关于北山水库除险加固工程
会议听取了区水务局关于北山水库除险加固工程进展情况的汇报。会议要求，区水务局要倒排工期、挂图作战，确保在明年主汛期前完成大坝防渗和溢洪道改造工程；区财政局要在一个月内落实省级补助资金配套，保障工程建设需要。

四、关于2027年度重点项目谋划
会议议定，由区发改局负责，于年底前完成2027年度重点项目谋划储备，建立区级重点项目库。区自然资源局、区行政审批服务局要开辟绿色通道，对入库项目实行并联审批，10个工作日内办结用地预审手续。

五、关于老旧小区改造
会议原则通过《示范区老旧小区改造三年行动方案（2027—2029年）》。会议要求，区住建局要会同东城街道、西城街道，在2027年一季度末前完成首批12个小区的改造设计，尽快启动施工招标。

会议还研究了其他事项。`,
};
