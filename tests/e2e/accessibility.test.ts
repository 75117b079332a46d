// Keyboard and eyes in a real Chromium: a keyboard user sees where focus is (a ring of 2px or more, in the link
// blue, white on the red header bar); a refused log-in names its message to the field; the three lights, as the
// browser paints them, reach 4.5:1.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { logIn, useLiveApp } from "../helpers/e2e.ts";
import { createUser, password } from "../helpers/factories.ts";

let officeName = "";
const live = useLiveApp(
  async (db) => {
    officeName = (await createUser(db, { role: "office" })).username;
  },
  { clock: () => new Date("2026-11-24T02:00:00Z") },
);

type Ring = { tag: string; name: string | null; style: string; width: number; color: string };

/** Presses Tab `count` times, returning the focused element's outline after each. */
async function tabThrough(page: Page, count: number): Promise<Ring[]> {
  const rings: Ring[] = [];
  for (let i = 0; i < count; i++) {
    await page.keyboard.press("Tab");
    // A string, run in the page: this project's TypeScript has no DOM library.
    rings.push(
      (await page.evaluate(`(() => {
        const el = document.activeElement;
        const s = getComputedStyle(el);
        return {
          tag: el.tagName.toLowerCase(),
          name: el.getAttribute("name"),
          style: s.outlineStyle,
          width: Number.parseFloat(s.outlineWidth),
          color: s.outlineColor,
        };
      })()`)) as Ring,
    );
  }
  return rings;
}

function luminance([r, g, b]: number[]): number {
  const c = [r, g, b].map((v) => {
    const x = v! / 255;
    return x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!;
}

function rgb(css: string): number[] {
  return (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(rgb(a)), luminance(rgb(b))].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

describe("keyboard focus", () => {
  it("rings every stop on the log-in page, white in the header and blue below it", async () => {
    const page = await live.browser.newPage();
    await page.goto(`${live.base}/login`);
    const rings = await tabThrough(page, 4);
    expect(rings.map((r) => r.name ?? r.tag)).toEqual(["a", "username", "password", "button"]);
    for (const ring of rings) {
      expect(ring.style, ring.tag).toBe("solid");
      expect(ring.width, ring.tag).toBeGreaterThanOrEqual(2);
    }
    expect(rings[0]!.color).toBe("rgb(255, 255, 255)");
    for (const ring of rings.slice(1)) expect(ring.color).toBe("rgb(26, 86, 160)");
    await page.close();
  });
});

describe("a refused log-in", () => {
  it("describes the empty field with its message", async () => {
    const page = await live.browser.newPage();
    await page.goto(`${live.base}/login`);
    await page.click('button[type="submit"]');
    await page.waitForLoadState();
    const described = (await page.evaluate(`(() => {
      const input = document.querySelector('input[name="username"]');
      const id = input.getAttribute("aria-describedby");
      return {
        invalid: input.getAttribute("aria-invalid"),
        message: id ? (document.getElementById(id)?.textContent ?? null) : null,
        alert: document.querySelector('[role="alert"]')?.textContent ?? null,
      };
    })()`)) as { invalid: string | null; message: string | null; alert: string | null };
    expect(described.invalid).toBe("true");
    expect(described.message).toMatch(/[\u4e00-\u9fff]/);
    expect(described.alert).toContain(described.message!);
    await page.close();
  });
});

describe("the lights", () => {
  it("paint their words at 4.5:1 or more on their fill", async () => {
    const page = await live.browser.newPage();
    await logIn(page, live.base, officeName, password);
    await page.goto(`${live.base}/dashboard`);
    const lights = (await page.evaluate(`[...document.querySelectorAll(".lights-line .light")].map((el) => {
      const s = getComputedStyle(el);
      return { name: el.textContent, color: s.color, background: s.backgroundColor };
    })`)) as { name: string; color: string; background: string }[];
    expect(lights.map((l) => l.name)).toEqual(["红灯", "黄灯", "绿灯"]);
    for (const l of lights) expect(contrast(l.color, l.background), l.name!).toBeGreaterThanOrEqual(4.5);
    expect(new Set(lights.map((l) => l.background)).size).toBe(3);
    await page.close();
  });
});
