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
const page = () => colourOf("body", "background");
const card = () => colourOf(".card", "background");
const text = 4.5;
const nonText = 3;

/** [what, foreground, background, the ratio it needs]. */
const pairs: [string, () => string, () => string, number][] = [
  [
    "light red: text on fill",
    () => colourOf(".light", "color"),
    () => colourOf(".light.red", "background"),
    text,
  ],
  [
    "light yellow: text on fill",
    () => colourOf(".light.yellow", "color"),
    () => colourOf(".light.yellow", "background"),
    text,
  ],
  [
    "light green: text on fill",
    () => colourOf(".light", "color"),
    () => colourOf(".light.green", "background"),
    text,
  ],
  ["body text on page", () => colourOf("body", "color"), page, text],
  ["body text on card", () => colourOf("body", "color"), card, text],
  ["body text on table head", () => colourOf("body", "color"), () => colourOf("th", "background"), text],
  ["link on card", () => colourOf("a", "color"), card, text],
  ["link on page", () => colourOf("a", "color"), page, text],
  ["muted on card", () => colourOf(".muted", "color"), card, text],
  ["muted on page", () => colourOf(".muted", "color"), page, text],
  ["muted on table head", () => colourOf(".muted", "color"), () => colourOf("th", "background"), text],
  [
    "muted on quoted source",
    () => colourOf(".muted", "color"),
    () => colourOf("blockquote.source", "background"),
    text,
  ],
  ["muted on flash", () => colourOf(".muted", "color"), () => colourOf(".flash", "background"), text],
  ["header text on brand", () => colourOf(".top", "color"), () => colourOf(".top", "background"), text],
  [
    "primary button",
    () => colourOf("button.primary", "color"),
    () => colourOf("button.primary", "background"),
    text,
  ],
  [
    "current scope tab",
    () => colourOf(".scope a[aria-current]", "color"),
    () => colourOf(".scope a[aria-current]", "background"),
    text,
  ],
  ["field error on card", () => colourOf(".field-error", "color"), card, text],
  [
    "form error on its box",
    () => colourOf(".form-error", "color"),
    () => colourOf(".form-error", "background"),
    text,
  ],
  [
    "error summary text",
    () => colourOf(".error-summary", "color"),
    () => colourOf(".error-summary", "background"),
    text,
  ],
  [
    "error summary title",
    () => colourOf(".error-summary-title", "color"),
    () => colourOf(".error-summary", "background"),
    text,
  ],
  [
    "error summary link",
    () => colourOf(".error-summary a", "color"),
    () => colourOf(".error-summary", "background"),
    text,
  ],
  ["danger button", () => colourOf("button.danger", "color"), () => colourOf("button", "background"), text],
  ["warning tag", () => colourOf(".tag.warn", "color"), () => colourOf(".tag.warn", "background"), text],
  [
    "demo banner",
    () => colourOf(".demo-banner", "color"),
    () => colourOf(".demo-banner", "background"),
    text,
  ],
  ["overdue figure", () => colourOf(".stat.red .n", "color"), () => colourOf(".stat", "background"), text],
  [
    "due-soon figure",
    () => colourOf(".dash-stats .stat.yellow .n", "color"),
    () => colourOf(".stat", "background"),
    text,
  ],
  ["record mark", () => colourOf("body", "color"), () => colourOf(".record-text .mark", "background"), text],
  [
    "record mark number",
    () => colourOf(".record-text sup", "color"),
    () => colourOf(".record-text .mark", "background"),
    text,
  ],
  [
    "record mark, focused",
    () => colourOf("body", "color"),
    () => colourOf(".record-text .mark:target", "background"),
    text,
  ],
  ["field border on white", () => colourOf("input", "border"), () => white, nonText],
  ["invalid field border", () => colourOf('[aria-invalid="true"]', "border"), () => white, nonText],
  ["focus ring on card", () => colourOf("a:focus-visible", "outline"), card, nonText],
  ["focus ring on page", () => colourOf("a:focus-visible", "outline"), page, nonText],
  [
    "focus ring in the header",
    () => colourOf(".top a:focus-visible", "outline-color"),
    () => colourOf(".top", "background"),
    nonText,
  ],
];

describe("app.css colour contrast (WCAG 2 AA)", () => {
  if (process.env.CONTRAST_TABLE) {
    for (const [what, fg, bg, needs] of pairs)
      console.log(`| ${what} | ${fg()} | ${bg()} | ${contrast(fg(), bg()).toFixed(2)} | ${needs} |`);
  }

  it.each(pairs)("%s", (_what, fg, bg, needs) => {
    expect(contrast(fg(), bg())).toBeGreaterThanOrEqual(needs);
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
