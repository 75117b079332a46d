// The same time phrase is a deadline, a forecast, a status, a window or a cadence depending on the words around it.
// Every sentence here is written for the test.
import { describe, expect, it } from "vitest";
import { createWorkCalendar } from "../../../src/extract/calendar.ts";
import { findDeadline } from "../../../src/extract/deadline.ts";
import { defaultNamedPeriods } from "../../../src/extract/named-periods.ts";

const calendar = createWorkCalendar([]);
const find = (text: string, meetingDate: string | null = "2024-06-10") =>
  findDeadline(text, { meetingDate, calendar, namedPeriods: defaultNamedPeriods });

describe("findDeadline: plans and orders are deadlines", () => {
  it.each([
    ["计划于9月底前完成主体施工", "于9月底前"],
    ["力争8月底建成投用", "8月底"],
    ["拟于10月15日前完成招标", "于10月15日前"],
    ["该路段将于本月底基本完工", "于本月底"],
    ["请于7月5日前报送推荐材料", "于7月5日前"],
    ["预定9月底全面完成任务", "9月底"],
  ])("%s", (text, phrase) => {
    expect(find(text)?.text).toBe(phrase);
  });

  it("到 + a date with a target is a deadline", () => {
    expect(find("到2024年底，确保各项指标达到省定标准", "2024-06-10")?.date).toBe("2024-12-31");
  });

  it("a cut-off 截至 a date still ahead, with 逾期, is a deadline", () => {
    expect(find("报名截至2024年6月20日下午5点，逾期不予受理")?.date).toBe("2024-06-20");
  });
});

describe("findDeadline: not deadlines", () => {
  it.each([
    // forecasts
    ["预计9月底全面竣工", "forecast"],
    ["新馆预计2025年3月交付使用", "forecast"],
    ["目前进展顺利，8月底可全部完成", "forecast after the phrase"],
    ["预计明年元旦前通车", "forecast of a festival"],
    // past completions
    ["该项目已于5月20日全部完成验收", "已于"],
    ["6月5日前已全部整改到位", "已 after the phrase"],
    ["该桥于2023年3月开工，今年汛前全面完工", "relative year already passed, nothing ordered"],
    ["5月20日，施工队进场作业，6月8日施工完毕", "a narrated day"],
    ["该馆已于去年9月底建成开放", "last year, already"],
    ["这条路去年4月开工建设", "last year's start"],
    // as-of statuses
    ["截至5月底，全县已完成改造1200户", "as of"],
    ["截止到6月8日，共受理申请300件", "as of, a count"],
    ["截至一季度末，累计完成投资8亿元", "as of a quarter"],
    ["到2024年底，全县已建成村级服务站120个", "到 + a date + a report"],
    // windows
    ["专项检查自6月15日起至8月15日结束", "inspection window"],
    ["整治时间：即日起至9月底", "campaign window"],
    ["开展安全隐患大排查，持续到10月底", "持续到"],
    ["汛期期间加强值守", "period window"],
    ["公示时间为2024年6月10日至6月16日", "a stated window"],
    ["端午节后至汛前是施工的黄金期", "between two events"],
    ["下个月中旬左右恢复通行", "左右"],
    ["本证有效期至2027年6月30日止", "a validity period"],
    ["扎实做好汛前准备，开展节前检查", "names of tasks"],
    ["严阵以待做好汛前准备整改", "a task's name lengthened by another action verb"],
    // cadences
    ["各乡镇于每月20日前报送进度", "monthly"],
    ["每年3月31日前提交年度报告", "yearly"],
    ["每周五下午4点前报县农业局", "weekly"],
    ["每个星期一上报周报", "每个"],
    ["须于每年的3月31日前完成年度自查", "每年的"],
    // standing limits
    ["窗口受理后5个工作日内反馈办理结果", "after each filing"],
    ["审批时限压缩到3个工作日内", "compressed limit"],
    ["收到举报线索后，须在15日内核查完毕", "anchored in the clause before"],
    ["承诺办理时限为3个工作日", "a processing limit"],
    ["信息公开之日起三个月内无人领取的，依法处理", "a rule for whoever fails to act"],
    // appointments, start dates, ages, categories
    ["请参会人员于6月18日上午9:00到三楼会议室报到", "appointment"],
    ["6月20日全面开展巡河行动", "start date"],
    ["报名对象须在2024年8月31日前年满16周岁", "age cut-off"],
    ["调度二季度开工项目推进情况", "category of projects"],
    ["应征者须于6月12日下午3点准时到场", "appointment with a time"],
    ["按照上述限期内未整改的，依法处理", "refers back to a limit"],
    ["推行限时办结制度", "name of a system"],
    ["确保按时保质完成全年目标任务", "no date"],
    ["力争二季度全面发力", "a period of work"],
  ])("%s (%s)", (text) => {
    expect(find(text)).toBeNull();
  });

  it("an event-anchored task name with a completion verb is still a deadline", () => {
    expect(find("汛前检查完毕", "2024-03-01")?.date).toBe("2024-05-31");
  });

  it("截至 a date with a status is no deadline even when the reference date is unknown", () => {
    expect(find("截至3月10日，各村动员会陆续召开", null)).toBeNull();
  });

  it("a deadline that passed long before a notice is a condition, not a task", () => {
    expect(find("申报项目竣工时间应不晚于2023年9月30日", "2024-06-10")).toBeNull();
  });

  it("a review that the target was met is not a deadline; a call to meet it is", () => {
    expect(find("去年的项目如期实现秋季开学目标", "2024-12-01")).toBeNull();
    expect(find("要加快建设，实现秋季开学目标", "2024-03-01")?.date).toBe("2024-09-01");
  });

  it("this year's event with a plan to complete something by it is a target", () => {
    expect(find("今年秋季开学，全区新建的三所小学将全部投入使用", "2024-05-06")).toMatchObject({
      text: "今年秋季开学",
      date: "2024-09-01",
    });
    expect(find("今年秋季开学，全区新生人数有所增加", "2024-05-06")).toBeNull();
  });

  it("a period right after 实现 is the time of the target", () => {
    expect(find("奋力实现上半年“双过半”目标", "2024-05-20")?.date).toBe("2024-06-30");
  });

  it("the first phrase that reads as a deadline wins, after a forecast", () => {
    expect(find("主体预计6月底封顶，要求7月15日前完成外立面")?.text).toBe("7月15日前");
  });
});
