// Zips written byte by byte, so a test can build what no honest zip library writes: a central directory that
// lies about sizes, or megabytes of XML without ever holding them in memory.
import { constants, deflateRawSync } from "node:zlib";

/**
 * One raw deflate stream made of independently compressed pieces, each repeated `times` times. A full flush
 * ends every piece on a byte boundary with no reference to earlier data, so copies can simply be concatenated:
 * a 1 MB piece repeated 1,000 times inflates to 1 GB from about a megabyte of input.
 */
export function deflateRepeated(pieces: { text: string; times?: number }[]): Uint8Array {
  const blocks: Buffer[] = [];
  for (const { text, times = 1 } of pieces) {
    const block = deflateRawSync(Buffer.from(text), { finishFlush: constants.Z_FULL_FLUSH });
    for (let i = 0; i < times; i++) blocks.push(block);
  }
  // An empty final block (fixed Huffman, end-of-block only) closes the stream.
  blocks.push(Buffer.from([0x03, 0x00]));
  return Buffer.concat(blocks);
}

export type RawEntry = {
  name: string;
  /** Already deflated (method 8) or stored as is (method 0). */
  data: Uint8Array;
  method?: 0 | 8;
  /** What the headers claim the entry inflates to; a zip bomb claims little. */
  declaredSize: number;
};

/** A little-endian record of `size` bytes with the given [offset, bytes, value] fields; the rest is zero. */
function record(size: number, fields: [offset: number, bytes: 2 | 4, value: number][]): Buffer {
  const buffer = Buffer.alloc(size);
  for (const [at, bytes, value] of fields) buffer.writeUIntLE(value, at, bytes);
  return buffer;
}

export function rawZip(entries: RawEntry[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, "utf8");
    const method = entry.method ?? 8;
    // Version 2.0, flag 0x0800 (UTF-8 names); CRCs are left zero, which the reader under test never checks.
    // The central header repeats the local one's fields two bytes on, after a "version made by".
    const fields: [number, 2 | 4, number][] = [
      [4, 2, 20],
      [6, 2, 0x0800],
      [8, 2, method],
      [18, 4, entry.data.length],
      [22, 4, entry.declaredSize],
      [26, 2, name.length],
    ];
    const local = record(30, [[0, 4, 0x04034b50], ...fields]);
    locals.push(local, name, Buffer.from(entry.data));
    const shifted = fields.map(([at, bytes, value]): [number, 2 | 4, number] => [at + 2, bytes, value]);
    const central = record(46, [[0, 4, 0x02014b50], [4, 2, 20], ...shifted, [42, 4, offset]]);
    centrals.push(central, name);
    offset += local.length + name.length + entry.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = record(22, [
    [0, 4, 0x06054b50],
    [8, 2, entries.length],
    [10, 2, entries.length],
    [12, 4, directory.length],
    [16, 4, offset],
  ]);
  return Buffer.concat([...locals, directory, end]);
}

const w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
export const documentXmlStart = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${w}><w:body>`;
export const documentXmlEnd = "</w:body></w:document>";

/** A .docx whose word/document.xml is `body` repeated, deflated without building the XML in memory. */
export function repeatedDocx(body: { text: string; times: number }, declaredSize?: number): Uint8Array {
  const xml = deflateRepeated([{ text: documentXmlStart }, body, { text: documentXmlEnd }]);
  const inflated =
    Buffer.byteLength(documentXmlStart) + Buffer.byteLength(body.text) * body.times + documentXmlEnd.length;
  return rawZip([
    {
      name: "[Content_Types].xml",
      data: Buffer.from("<Types/>"),
      method: 0,
      declaredSize: 8,
    },
    { name: "word/document.xml", data: xml, declaredSize: declaredSize ?? inflated },
  ]);
}
