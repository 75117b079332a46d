// The README's layout section is how a newcomer finds things: every path it names exists, and every folder of
// src/ (each feature included) is named there.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const readme = readFileSync(path.join(root, "README.md"), "utf8");
const layout = /## Layout\n+```\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";

/** The first word of each line, when it is a path ("src/app.ts", "src/features/<noun>/" is a pattern, skipped). */
function namedPaths(): string[] {
  return layout
    .split("\n")
    .map((line) => line.split(/\s+/)[0] ?? "")
    .filter((word) => word.includes("/") && !word.includes("<"));
}

function folders(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== "generated")
    .map((e) => `${dir}/${e.name}/`);
}

describe("the README's layout", () => {
  it("names only paths that exist", () => {
    expect(namedPaths().length).toBeGreaterThan(10);
    expect(namedPaths().filter((p) => !existsSync(path.join(root, p)))).toEqual([]);
  });

  it("names every folder of src/ and every feature", () => {
    const named = new Set(namedPaths());
    const features = folders("src/features").map((f) => path.basename(f));
    expect(folders("src").filter((f) => f !== "src/features/" && !named.has(f))).toEqual([]);
    // The src/features/ line and the indented lines that continue it.
    const lines = layout.split("\n");
    const start = lines.findIndex((line) => line.startsWith("src/features/"));
    const end = lines.findIndex((line, i) => i > start && !/^\s/.test(line));
    const listed = lines.slice(start, end).join(" ");
    expect(features.filter((f) => !new RegExp(`(^|[\\s,(])${f}([\\s,)]|$)`).test(listed))).toEqual([]);
  });
});
