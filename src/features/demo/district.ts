// A small, realistic district for the demo: the bureaus and streets a standing meeting usually names.
// Written by us; the e-mail addresses are on the reserved .example domain.
import type { UnitKind } from "../units/service.ts";

export type DemoUnit = {
  name: string;
  shortName?: string;
  aliases: string[];
  kind: UnitKind;
  username: string;
  contact: string;
};

export const demoUnits: DemoUnit[] = [
  {
    name: "区政府办公室",
    shortName: "区政府办",
    aliases: ["政府办"],
    kind: "bureau",
    username: "zhengfuban",
    contact: "王秀兰",
  },
  {
    name: "区发展和改革局",
    shortName: "区发改局",
    aliases: ["发改局", "区发展改革局"],
    kind: "bureau",
    username: "fagai",
    contact: "李志强",
  },
  { name: "区财政局", aliases: ["财政局"], kind: "bureau", username: "caizheng", contact: "张丽娟" },
  {
    name: "区水务局",
    aliases: ["水务局", "区水利局"],
    kind: "bureau",
    username: "shuiwu",
    contact: "刘海涛",
  },
  {
    name: "区生态环境分局",
    aliases: ["生态环境分局", "区生态环境局", "区环保局"],
    kind: "bureau",
    username: "shengtai",
    contact: "陈静",
  },
  {
    name: "区住房和城乡建设局",
    shortName: "区住建局",
    aliases: ["住建局", "区住房城乡建设局"],
    kind: "bureau",
    username: "zhujian",
    contact: "杨伟",
  },
  {
    name: "区自然资源局",
    aliases: ["自然资源局", "区自然资源和规划局"],
    kind: "bureau",
    username: "ziran",
    contact: "赵敏",
  },
  {
    name: "区教育和体育局",
    shortName: "区教体局",
    aliases: ["教体局", "区教育局"],
    kind: "bureau",
    username: "jiaoti",
    contact: "黄磊",
  },
  {
    name: "区卫生健康局",
    shortName: "区卫健局",
    aliases: ["卫健局"],
    kind: "bureau",
    username: "weijian",
    contact: "周芳",
  },
  {
    name: "区应急管理局",
    shortName: "区应急局",
    aliases: ["应急局", "应急管理局"],
    kind: "bureau",
    username: "yingji",
    contact: "吴刚",
  },
  {
    name: "区农业农村局",
    aliases: ["农业农村局", "区农业局"],
    kind: "bureau",
    username: "nongye",
    contact: "徐建军",
  },
  {
    name: "区交通运输局",
    shortName: "区交通局",
    aliases: ["交通运输局", "交通局"],
    kind: "bureau",
    username: "jiaotong",
    contact: "孙燕",
  },
  {
    name: "区市场监督管理局",
    shortName: "区市场监管局",
    aliases: ["市场监管局"],
    kind: "bureau",
    username: "shichang",
    contact: "马超",
  },
  {
    name: "区人力资源和社会保障局",
    shortName: "区人社局",
    aliases: ["人社局"],
    kind: "bureau",
    username: "renshe",
    contact: "朱红梅",
  },
  {
    name: "区城市管理局",
    shortName: "区城管局",
    aliases: ["城管局", "区综合行政执法局"],
    kind: "bureau",
    username: "chengguan",
    contact: "胡斌",
  },
  {
    name: "区行政审批服务局",
    shortName: "区审批局",
    aliases: ["审批局", "区行政审批局"],
    kind: "bureau",
    username: "shenpi",
    contact: "郭丹",
  },
  {
    name: "区文化和旅游局",
    shortName: "区文旅局",
    aliases: ["文旅局"],
    kind: "bureau",
    username: "wenlv",
    contact: "林晓",
  },
  {
    name: "东城街道办事处",
    shortName: "东城街道",
    aliases: ["东城街道办"],
    kind: "street",
    username: "dongcheng",
    contact: "何平",
  },
  {
    name: "西城街道办事处",
    shortName: "西城街道",
    aliases: ["西城街道办"],
    kind: "street",
    username: "xicheng",
    contact: "高洁",
  },
  {
    name: "南关街道办事处",
    shortName: "南关街道",
    aliases: ["南关街道办"],
    kind: "street",
    username: "nanguan",
    contact: "罗军",
  },
  {
    name: "北山镇人民政府",
    shortName: "北山镇",
    aliases: ["北山镇政府"],
    kind: "town",
    username: "beishan",
    contact: "梁文",
  },
  {
    name: "区城市建设投资集团有限公司",
    shortName: "区城投集团",
    aliases: ["城投集团", "区城投公司"],
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
