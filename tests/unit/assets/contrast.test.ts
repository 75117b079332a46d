// Every text colour in app.css on the background it is drawn on, at WCAG 2 AA: 4.5:1 for text (large figures
// included, held to the same bar), 3:1 for what is not text (field borders, the focus ring). The colours are
// read from the stylesheet itself, so changing one to a poor colour fails here. CONTRAST_TABLE=1 prints the table.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const css = readFileSync(new URL("../../../templates/assets/app.css", import.meta.url), "utf8").replace(
  /\/\*[\s\S]*?\*\//g,
  "",
);

const variables = new Map(
  [...(css.match(/:root\s*\{([^}]*)\}/)?.[1] ?? "").matchAll(/--([\w-]+)\s*:\s*([^;]+);/g)].map((m) => [
    m[1]!,
    m[2]!.trim(),
  ]),
);

/** Each rule outside @media as [its selectors, its declarations]; the innermost braces only. */
const rules: { selectors: string[]; declarations: Map<string, string> }[] = [];
for (const m of css.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
  const head = m[1]!.trim();
  if (head.startsWith("@")) continue;
  const declarations = new Map(
    [...m[2]!.matchAll(/([\w-]+)\s*:\s*([^;]+)/g)].map((d) => [d[1]!, d[2]!.trim()]),
  );
  rules.push({ selectors: head.split(",").map((s) => s.trim()), declarations });
}

function resolve(value: string): string {
  const v = /^var\(--([\w-]+)\)$/.exec(value);
  return v ? resolve(variables.get(v[1]!) ?? "") : value;
}

/** The value of a property set on exactly this selector (the first rule that sets it), as a hex colour. */
function colourOf(selector: string, property: string): string {
  for (const rule of rules) {
    if (!rule.selectors.includes(selector)) continue;
    const raw =
      rule.declarations.get(property) ??
      (property === "background" ? rule.declarations.get("background-color") : undefined);
    if (!raw) continue;
    const hex = /#[0-9a-f]{6}\b|#[0-9a-f]{3}\b|var\(--[\w-]+\)/i.exec(raw)?.[0];
    if (hex) return normalise(resolve(hex));
  }
  throw new Error(`app.css sets no ${property} colour on ${selector}`);
}

function normalise(hex: string): string {
  const h = hex.toLowerCase();
  return h.length === 4 ? `#${[...h.slice(1)].map((c) => c + c).join("")}` : h;
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const white = "#ffffff";
const text = 4.5;
const nonText = 3;

/**
 * One side of a pair: a selector (its `color` in front, its `background` behind), a selector with the property
 * to read, or a colour.
 */
type Side = string | readonly [selector: string, property: string];

function colourOfSide(side: Side, property: "color" | "background"): string {
  if (typeof side !== "string") return colourOf(side[0], side[1]);
  return side.startsWith("#") ? side : colourOf(side, property);
}

/** [what, foreground, background, the ratio it needs]. */
const pairs: [string, Side, Side, number][] = [
  ["light red: text on fill", ".light", ".light.red", text],
  ["light yellow: text on fill", ".light.yellow", ".light.yellow", text],
  ["light green: text on fill", ".light", ".light.green", text],
  ["body text on page", "body", "body", text],
  ["body text on card", "body", ".card", text],
  ["body text on table head", "body", "th", text],
  ["link on card", "a", ".card", text],
  ["link on page", "a", "body", text],
  ["muted on card", ".muted", ".card", text],
  ["muted on page", ".muted", "body", text],
  ["muted on table head", ".muted", "th", text],
  ["muted on quoted source", ".muted", "blockquote.source", text],
  ["muted on flash", ".muted", ".flash", text],
  ["header text on brand", ".top", ".top", text],
  ["primary button", "button.primary", "button.primary", text],
  ["current scope tab", ".scope a[aria-current]", ".scope a[aria-current]", text],
  ["field error on card", ".field-error", ".card", text],
  ["form error on its box", ".form-error", ".form-error", text],
  ["error summary text", ".error-summary", ".error-summary", text],
  ["error summary title", ".error-summary-title", ".error-summary", text],
  ["error summary link", ".error-summary a", ".error-summary", text],
  ["danger button", "button.danger", "button", text],
  ["warning tag", ".tag.warn", ".tag.warn", text],
  ["demo banner", ".demo-banner", ".demo-banner", text],
  ["overdue figure", ".stat.red .n", ".stat", text],
  ["due-soon figure", ".dash-stats .stat.yellow .n", ".stat", text],
  ["record mark", "body", ".record-text .mark", text],
  ["record mark number", ".record-text sup", ".record-text .mark", text],
  ["record mark, focused", "body", ".record-text .mark:target", text],
  ["field border on white", ["input", "border"], white, nonText],
  ["invalid field border", ['[aria-invalid="true"]', "border"], white, nonText],
  ["focus ring on card", ["a:focus-visible", "outline"], ".card", nonText],
  ["focus ring on page", ["a:focus-visible", "outline"], "body", nonText],
  ["focus ring in the header", [".top a:focus-visible", "outline-color"], ".top", nonText],
];

describe("app.css colour contrast (WCAG 2 AA)", () => {
  if (process.env.CONTRAST_TABLE) {
    for (const [what, front, back, needs] of pairs) {
      const [fg, bg] = [colourOfSide(front, "color"), colourOfSide(back, "background")];
      console.log(`| ${what} | ${fg} | ${bg} | ${contrast(fg, bg).toFixed(2)} | ${needs} |`);
    }
  }

  it.each(pairs)("%s", (_what, front, back, needs) => {
    expect(contrast(colourOfSide(front, "color"), colourOfSide(back, "background"))).toBeGreaterThanOrEqual(
      needs,
    );
  });

  it("computes the WCAG ratio (black on white is 21:1, white on the old yellow light 3.64:1)", () => {
    expect(contrast("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrast("#ffffff", "#b7791f")).toBeCloseTo(3.64, 2);
    expect(contrast("#ffffff", "#b7791f")).toBeLessThan(text);
  });

  it("keeps the three lights three different colours", () => {
    const fills = ["red", "yellow", "green"].map((l) => colourOf(`.light.${l}`, "background"));
    expect(new Set(fills).size).toBe(3);
  });
});
