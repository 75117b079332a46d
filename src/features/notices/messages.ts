// What each workflow notice says, at once (one email per event and person) or as a line of the daily digest.
// Pure: the facts of the event in, subject, text, HTML and the digest line out.
import { type CalendarDate, formatDate } from "../../shared/calendar-date.ts";
import { renderTemplate } from "../../shared/templates.ts";
import { type NoticeKind, noticeKindNames } from "./kinds.ts";

export type NoticeFacts = {
  kind: NoticeKind;
  taskId: number;
  title: string;
  deadline: CalendarDate | null;
  ongoing: boolean;
  /** Who did it, as the recipient should read it: 张三（区水务局）, 督查室 李四. */
  actorName: string;
  /** The unit whose request or report this is. */
  unitName: string | null;
  /** The reason, instruction, decision note or report text that came with the event. */
  note: string | null;
  /** For a 交办: whether the recipient's unit leads the task or helps on it. */
  unitRole?: "lead" | "co";
  /** For an extension: approved or refused, and the date asked for. */
  approved?: boolean;
  requestedDeadline?: CalendarDate | null;
  /** For a 再次强调: how many meetings have now asked for the task. */
  repeatCount?: number;
};

export type NoticeMessage = { subject: string; text: string; html: string; line: string };

const deadlineWords = (f: NoticeFacts) =>
  f.deadline ? `完成时限：${formatDate(f.deadline)}` : f.ongoing ? "完成时限：长期坚持" : "";

/** The sentence the notice is about, and what the recipient should do; the digest line is the first. */
function wording(f: NoticeFacts): { tag: string; what: string; todo: string } {
  switch (f.kind) {
    case "handout":
      return {
        tag: "督办交办",
        what: `督查室已将本事项交办贵单位${f.unitRole === "co" ? "（配合单位）" : "（牵头单位）"}`,
        todo:
          f.unitRole === "co"
            ? "请配合牵头单位抓好落实，并及时报送进展。"
            : "请及时登录督办系统签收，按时限办理并报送进展。",
      };
    case "returned":
      return {
        tag: "督办退回",
        what: `督查室退回了办结申请，退回理由：${f.note ?? ""}`,
        todo: "请按退回意见补充完善后，重新申请办结。",
      };
    case "extension_decided":
      return f.approved
        ? {
            tag: "延期审批",
            what: `督查室同意延期，完成时限调整为${formatDate(f.requestedDeadline ?? f.deadline)}${f.note ? `，审批意见：${f.note}` : ""}`,
            todo: "请按新的时限抓紧办理。",
          }
        : {
            tag: "延期审批",
            what: `督查室未同意延期申请（申请延至${formatDate(f.requestedDeadline)}）${f.note ? `，审批意见：${f.note}` : ""}`,
            todo: f.deadline ? `请仍按原时限${formatDate(f.deadline)}完成。` : "请按原要求抓紧办理。",
          };
    case "instruction":
      return {
        tag: "领导批示",
        what: `${f.actorName}作出批示：${f.note ?? ""}`,
        todo: "请认真落实批示要求，并及时报送进展。",
      };
    case "repeat":
      return {
        tag: "再次强调",
        what: `${f.note ?? "会议"}再次强调了本事项，这是第${f.repeatCount ?? 2}次在会议上提出`,
        todo: "请加大工作力度，按时限办结，并及时报送进展。",
      };
    case "co_report":
      return {
        tag: "进展报送",
        what: `配合单位${f.unitName ?? ""}报送了进展：${f.note ?? ""}`,
        todo: "请牵头单位统筹掌握。",
      };
    case "extension_requested":
      return {
        tag: "延期申请",
        what: `${f.unitName ?? "责任单位"}申请将完成时限${f.deadline ? `由${formatDate(f.deadline)}` : ""}延至${formatDate(f.requestedDeadline)}，理由：${f.note ?? ""}`,
        todo: "请登录督办系统审批。",
      };
    case "completion_requested":
      return {
        tag: "办结申请",
        what: `${f.unitName ?? "责任单位"}已申请办结${f.note ? `，办结情况：${f.note}` : ""}`,
        todo: "请登录督办系统审核。",
      };
  }
}

/** A long reason or report is cut in the mail; the task page has it whole. */
function cut(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max)}……` : text;
}

export function buildNotice(f: NoticeFacts, recipientName: string, publicUrl: string): NoticeMessage {
  const link = `${publicUrl}/tasks/${f.taskId}`;
  const { tag, what, todo } = wording({ ...f, note: f.note ? cut(f.note) : null });
  const deadline = deadlineWords(f);
  const text = [
    `${recipientName}：`,
    "",
    `督办事项“${f.title}”有新的动态：`,
    "",
    `${what}。`,
    ...(deadline && f.kind !== "extension_decided" ? [deadline] : []),
    todo,
    "",
    `查看事项：${link}`,
    "",
    "本邮件由督办系统发送，请勿直接回复。",
  ].join("\n");
  return {
    subject: `【${tag}】${f.title}`,
    text,
    html: renderTemplate("emails/notice.html.eta", {
      recipientName,
      title: f.title,
      what,
      deadline: f.kind !== "extension_decided" ? deadline : "",
      todo,
      link,
    }),
    line: cut(what, 120),
  };
}

export type DigestNotice = { kind: NoticeKind; taskId: number; title: string; line: string; at: string };

/** One email with the day's notices for one person, in the order they happened. */
export function buildNoticeDigest(input: {
  recipientName: string;
  notices: DigestNotice[];
  publicUrl: string;
  today: CalendarDate;
}) {
  const link = (taskId: number) => `${input.publicUrl}/tasks/${taskId}`;
  const items = input.notices.map((n) => ({ ...n, kindName: noticeKindNames[n.kind], href: link(n.taskId) }));
  const text = [
    `${input.recipientName}：`,
    "",
    `以下是截至${formatDate(input.today)}您的督办事项动态汇总，共 ${items.length} 条：`,
    "",
    ...items.flatMap((n) => [`- 【${n.kindName}】${n.title}（${n.at}）`, `  ${n.line}`, `  ${n.href}`]),
    "",
    "如需改为立即发送，请在督办系统“我的账号”中设置。",
    "本邮件由督办系统发送，请勿直接回复。",
  ].join("\n");
  return {
    subject: `【督办动态汇总】${formatDate(input.today)}，共 ${items.length} 条`,
    text,
    html: renderTemplate("emails/notice-digest.html.eta", { ...input, items }),
  };
}
