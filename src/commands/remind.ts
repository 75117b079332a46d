import { loadConfig } from "../config.ts";
import { drainOutbox } from "../email/outbox.ts";
import { createMailer } from "../email/transport.ts";
import { runScheduledReminders } from "../jobs/reminder-schedule.ts";
import { runReminders } from "../reminders/job.ts";
import { senderOptions } from "../reminders/sender-options.ts";
import { formatDateTime } from "../shared/locale.ts";
import { readArguments } from "./arguments.ts";
import { withConfiguredDatabase } from "./open-from-config.ts";

const usage = `用法：duban remind [--date YYYY-MM-DD] [--dry-run]
  --dry-run  只列出谁会收到哪些提醒，不写入、不发送
  不加 --dry-run 时：生成当天的提醒（每天只生成一次，多个实例之间也不重复），然后发送待发邮件`;

export async function run(argv: string[]): Promise<number> {
  const parsed = readArguments(
    { args: argv, options: { date: { type: "string" }, "dry-run": { type: "boolean" } } },
    usage,
  );
  if (typeof parsed === "number") return parsed;
  const { values } = parsed;
  // 08:30 Shanghai on the given day, so "today" is that day.
  const now = values.date ? new Date(`${values.date}T08:30:00+08:00`) : new Date();
  return withConfiguredDatabase(
    "duban remind",
    "运行中的督办服务会按计划自动生成并发送提醒，不必手动执行；如需手动生成或预览（--dry-run），请先停止服务。",
    async (database) => {
      const config = loadConfig();
      const db = database.prisma;
      if (values["dry-run"]) {
        const plan = await runReminders(db, { now, publicUrl: config.publicUrl, dryRun: true });
        console.log(
          `${plan.today}：${plan.reminders} 条提醒，${plan.digests} 封邮件（覆盖 ${plan.since} 之后的日期）`,
        );
        for (const m of plan.messages)
          console.log(`\n收件人：${m.to.join("，")}\n主题：${m.subject}\n${m.text}`);
        if (plan.noAddress.length) console.log(`\n没有登记邮箱、收不到提醒：${plan.noAddress.join("、")}`);
        return 0;
      }
      const outcome = await runScheduledReminders(db, { now, publicUrl: config.publicUrl, force: true });
      if (outcome.ran) {
        console.log(`已生成 ${outcome.run.reminders} 条提醒，${outcome.run.digests} 封邮件`);
        if (outcome.notices.digests)
          console.log(`另有 ${outcome.notices.notices} 条动态通知汇总为 ${outcome.notices.digests} 封邮件`);
        if (outcome.run.noAddress.length)
          console.log(`没有登记邮箱、收不到提醒：${outcome.run.noAddress.join("、")}`);
      } else if (outcome.reason === "claimed-elsewhere" && outcome.failed !== null) {
        console.log(
          `这一天的提醒上次生成失败（${outcome.failed}），将于 ${formatDateTime(outcome.retryAt)} 后自动重试`,
        );
      } else if (outcome.reason === "claimed-elsewhere") {
        console.log("这一天的提醒正在由另一进程生成，请稍后查看邮件发送记录");
      } else {
        console.log("这一天的提醒已经生成过，不再重复生成");
      }
      if (!config.smtpUrl) {
        console.log("未设置 SMTP_URL，邮件保留在发送队列中");
        return 0;
      }
      const mailer = createMailer(config.smtpUrl);
      try {
        const sent = await drainOutbox(db, mailer, await senderOptions(db, config));
        console.log(`发送成功 ${sent.sent} 封，稍后重试 ${sent.retried} 封，失败 ${sent.failed} 封`);
      } finally {
        mailer.close();
      }
      return 0;
    },
  );
}
