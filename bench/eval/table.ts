// Plain-text tables for the eval report. Chinese characters take two columns in a terminal.

function width(value: string): number {
  let w = 0;
  for (const c of value)
    w += /[\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60]/.test(c) ? 2 : 1;
  return w;
}

/** Prints rows under a header, each column as wide as its widest cell; numbers line up on the right. */
export function printTable(header: string[], rows: string[][], indent = "  "): void {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => width(r[i] ?? ""))));
  const line = (r: string[]) =>
    indent +
    r
      .map((cell, i) => {
        const pad = " ".repeat(widths[i]! - width(cell));
        return i > 0 && /^[\d.,/ %–-]+$/.test(cell) ? pad + cell : cell + pad;
      })
      .join("  ")
      .trimEnd();
  console.log(line(header));
  console.log(indent + widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
}

export function percent(part: number, whole: number): string {
  return whole === 0 ? "–" : `${((100 * part) / whole).toFixed(1)} %`;
}

export function ratio(part: number, whole: number): string {
  return `${part}/${whole}`;
}
