// Reading what a PDF made by Chromium says, page by page, for the tests of the bulletin's PDF.
import { inflateSync } from "node:zlib";

/**
 * The text on each page of a Chromium PDF. Chromium (Skia) writes each page's content as a Flate stream of
 * glyph ids, with a ToUnicode map per font; this decodes just that much, enough to read headers and footers.
 */
export function pdfPageTexts(pdf: Buffer): string[] {
  const source = pdf.toString("latin1");
  const objects = new Map<string, string>();
  for (const m of source.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) objects.set(m[1]!, m[2]!);
  const streamOf = (body: string): string => {
    const length = /\/Length (\d+)/.exec(body);
    const start = /stream\r?\n/.exec(body);
    if (!length || !start) return "";
    const bytes = Buffer.from(body.slice(start.index + start[0].length), "latin1").subarray(
      0,
      Number(length[1]),
    );
    return (/\/FlateDecode/.test(body) ? inflateSync(bytes) : bytes).toString("latin1");
  };
  const cmapOf = (ref: string): Map<string, string> => {
    const map = new Map<string, string>();
    const text = streamOf(objects.get(ref) ?? "");
    const hex = (h: string) => String.fromCodePoint(...(h.match(/.{4}/g) ?? []).map((x) => parseInt(x, 16)));
    for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
      for (const m of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g))
        map.set(m[1]!.toUpperCase(), hex(m[2]!));
    for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
      for (const m of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
        const [lo, hi, start] = [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)];
        for (let g = lo; g <= hi; g++)
          map.set(
            g.toString(16).toUpperCase().padStart(m[1]!.length, "0"),
            String.fromCodePoint(start + g - lo),
          );
      }
    return map;
  };
  // Font resource name → glyph map, over every font in the file (Chromium names them per document).
  const fonts = new Map<string, Map<string, string>>();
  for (const body of objects.values()) {
    const fontDict = /\/Font\s*<<([^>]*)>>/.exec(body);
    if (!fontDict) continue;
    for (const m of fontDict[1]!.matchAll(/\/(\w+)\s+(\d+) 0 R/g)) {
      const toUnicode = /\/ToUnicode\s+(\d+) 0 R/.exec(objects.get(m[2]!) ?? "");
      if (toUnicode && !fonts.has(m[1]!)) fonts.set(m[1]!, cmapOf(toUnicode[1]!));
    }
  }
  const pages = [...objects.values()].filter((body) => /\/Type\s*\/Page\b(?!s)/.test(body));
  return pages.map((page) => {
    const contents = /\/Contents\s+(\d+) 0 R/.exec(page);
    const ops = contents ? streamOf(objects.get(contents[1]!) ?? "") : "";
    let font = new Map<string, string>();
    let text = "";
    for (const m of ops.matchAll(/\/(\w+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>\s*Tj|\[([^\]]*)\]\s*TJ/g)) {
      if (m[1]) font = fonts.get(m[1]) ?? new Map();
      const strings =
        m[2] !== undefined ? [m[2]] : [...(m[3] ?? "").matchAll(/<([0-9A-Fa-f]*)>/g)].map((x) => x[1]!);
      for (const s of strings)
        for (const g of s.match(/.{4}/g) ?? []) text += font.get(g.toUpperCase()) ?? "";
    }
    return text;
  });
}
