#!/usr/bin/env -S node --import=tsx
// The `duban` command. Each sub-command lives in src/commands/<name>.ts and exports run(argv), which resolves
// to the exit code. Modules load on demand so `duban extract` never opens a database.
// A reader that stops early (`duban deadline … | head`) closes stdout: that is the end of the output, not a crash.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

type CommandModule = { run: (argv: string[]) => Promise<number> | number };

/** Each command's one-line help; the command itself is src/commands/<name>.ts. */
const commands: Record<string, string> = {
  extract: "从会议纪要文本中抽取督办事项：duban extract 文件 [--date YYYY-MM-DD] [--json] | --jsonl",
  deadline: "解析一句话中的完成时限：duban deadline 文本 --date YYYY-MM-DD [--json] | --jsonl",
  seed: "写入演示数据（演示单位、账号和一份常务会议纪要）：duban seed",
  user: "新建账号：duban user create --username 用户名 --name 姓名 --role office|unit|leader [--unit 单位] [--email 邮箱]",
  remind: "生成并发送提醒：duban remind [--date YYYY-MM-DD] [--dry-run]",
  migrate: "执行数据库迁移：duban migrate",
};

function usage(): number {
  console.error("用法：duban <命令> [参数]\n");
  for (const [name, help] of Object.entries(commands)) console.error(`  ${name.padEnd(10)}${help}`);
  return 2;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || !Object.hasOwn(commands, name)) return usage();
  const command = (await import(`./commands/${name}.ts`)) as CommandModule;
  return command.run(rest);
}

process.exitCode = await main(process.argv.slice(2));
