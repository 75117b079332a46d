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

export function rawZip(entries: RawEntry[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, "utf8");
    const method = entry.method ?? 8;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, Buffer.from(entry.data));

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(entry.data.length, 20);
    central.writeUInt32LE(entry.declaredSize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + entry.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
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
