// The folders of src/ import each other without a cycle: a feature folder, src/http, src/email … each is one
// node. Biome's noRestrictedImports holds the layer walls (biome.json); this catches a cycle between two
// features, which no import pattern can express.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../../src");

function folderOf(file: string): string {
  const parts = path.relative(root, file).split(path.sep);
  if (parts[0] === "features") return parts.slice(0, 2).join("/");
  return parts.length > 1 ? parts[0]! : parts[0]!.replace(/\.ts$/, "");
}

function importGraph(): Map<string, Map<string, string>> {
  const files = readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts") && !f.startsWith("generated"))
    .map((f) => path.join(root, f));
  const graph = new Map<string, Map<string, string>>();
  for (const file of files) {
    for (const [, spec] of readFileSync(file, "utf8").matchAll(/\bfrom\s+"(\.{1,2}\/[^"]+)"/g)) {
      const target = path.resolve(path.dirname(file), spec!);
      if (path.relative(root, target).startsWith("generated")) continue;
      const [from, to] = [folderOf(file), folderOf(target)];
      if (from === to) continue;
      if (!graph.has(from)) graph.set(from, new Map());
      graph.get(from)!.set(to, `${path.relative(root, file)} → ${spec}`);
    }
  }
  return graph;
}

/** One cycle as "a → b → a" with the import that closes each step, or null. */
function findCycle(graph: Map<string, Map<string, string>>): string[] | null {
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (node: string): string[] | null => {
    state.set(node, "open");
    stack.push(node);
    for (const next of graph.get(node)?.keys() ?? []) {
      if (state.get(next) === "open") {
        const loop = [...stack.slice(stack.indexOf(next)), next];
        return loop.slice(1).map((to, i) => `${loop[i]} → ${to} (${graph.get(loop[i]!)!.get(to)})`);
      }
      if (!state.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(node, "done");
    return null;
  };
  for (const node of graph.keys()) {
    if (!state.has(node)) {
      const found = visit(node);
      if (found) return found;
    }
  }
  return null;
}

describe("folder imports", () => {
  it("have no cycle", () => {
    expect(findCycle(importGraph())).toBeNull();
  });

  it("would report one", () => {
    const graph = new Map([
      ["features/a", new Map([["features/b", "a.ts → ../b/x.ts"]])],
      ["features/b", new Map([["features/a", "b.ts → ../a/y.ts"]])],
    ]);
    expect(findCycle(graph)).toHaveLength(2);
  });
});
