// The seed record the product is modelled on, read from the shared corpus beside the project (never copied in).
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { extract } from "./helpers.ts";

const seed = fileURLToPath(new URL("../../../../shared/corpus/dev/docs/000.txt", import.meta.url));

describe.skipIf(!existsSync(seed))("seed record 000 (泰山区政府第52次常务会议)", () => {
  const raw = existsSync(seed) ? readFileSync(seed, "utf8") : "";
  const text = raw.slice(raw.indexOf("\n\n") + 2);
  const { directives } = extract(text, "2021-03-31");

  it("yields its eight directives", () => {
    expect(directives).toHaveLength(8);
  });

  it("dates the 刘家庄水库 works the day before the default 主汛期 and asks for confirmation", () => {
    const reservoir = directives.find((d) => d.topic?.includes("刘家庄水库"));
    expect(reservoir?.deadline).toMatchObject({
      text: "在主汛期前",
      date: "2021-05-31",
      derivation: "rule",
      needsConfirmation: true,
    });
  });
});
