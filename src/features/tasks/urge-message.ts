// The 催办 email: what the office says to the lead unit, with a link to the task.
import { formatDate } from "../../shared/calendar-date.ts";
import { renderTemplate } from "../../shared/templates.ts";

export type UrgeMessage = { subject: string; text: string; html: string };

export function buildUrge(input: {
  recipientName: string;
  title: string;
  taskId: number;
  deadline: string | null;
  note: string | null;
  officeName: string;
  publicUrl: string;
}): UrgeMessage {
  const link = `${input.publicUrl}/tasks/${input.taskId}`;
  const text = [
    `${input.recipientName}：`,
    "",
    `${input.officeName}现就以下督办事项进行催办，请抓紧办理并及时报送进展：`,
    "",
    input.title,
    ...(input.deadline ? [`完成时限：${formatDate(input.deadline)}`] : []),
    link,
    ...(input.note ? ["", `催办意见：${input.note}`] : []),
    "",
    "本邮件由督办系统发送，请勿直接回复。",
  ].join("\n");
  return {
    subject: `【督办催办】${input.title}`,
    text,
    html: renderTemplate("emails/urge.html.eta", { ...input, link }),
  };
}
