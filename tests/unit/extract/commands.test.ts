import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../", import.meta.url));

function duban(args: string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], { cwd: root });
}

function finish(
  child: ChildProcessWithoutNullStreams,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => {
    stdout += d;
  });
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

describe("duban extract / duban deadline", () => {
  it("answers each --jsonl line as it arrives, before stdin ends", async () => {
    const child = duban(["extract", "--jsonl"]);
    const lines = createInterface({ input: child.stdout });
    const first = new Promise<string>((resolve) => lines.once("line", resolve));
    child.stdin.write(
      `${JSON.stringify({ id: "a", title: null, date: "2021-03-31", text: "会议要求，区水务局要在主汛期前完成除险加固。" })}\n`,
    );
    const answer = JSON.parse(await first);
    expect(answer.id).toBe("a");
    expect(answer.directives[0]).toMatchObject({
      verb: "要求",
      units: ["区水务局"],
      deadlineText: "在主汛期前",
      deadline: "2021-05-31",
      rule: "marker",
      checks: [],
    });
    child.stdin.end();
    expect((await finish(child)).code).toBe(0);
  }, 20_000);

  it("refuses bad arguments with a Chinese usage message and status 2", async () => {
    const result = await finish(duban(["extract", "--date", "2021/03/31", "x.txt"]));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("用法");
  }, 20_000);

  it("resolves deadlines in batch: nulls where there is none", async () => {
    const child = duban(["deadline", "--jsonl"]);
    const done = finish(child);
    child.stdin.end(
      `${JSON.stringify({ id: 1, date: "2025-12-18", text: "春节前发放到位" })}\n${JSON.stringify({ id: 2, date: "2025-12-18", text: "尽快完成" })}\n`,
    );
    const rows = (await done).stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows).toEqual([
      { id: 1, deadlineText: "春节前", deadline: "2026-02-16", derivation: "rule", needsConfirmation: false },
      { id: 2, deadlineText: null, deadline: null, derivation: null, needsConfirmation: null },
    ]);
  }, 20_000);
});
