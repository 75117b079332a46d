// The entries of a zip (a .docx is one), read from its central directory, and the inflated bytes of one entry as
// a stream. What a zip declares about sizes only helps find the data: an entry is inflated off the main thread
// (node:zlib works in the thread pool), a chunk at a time, and the bytes that come out are counted against an
// allowance as they come, because a 3 MB file may declare a few kilobytes and inflate to gigabytes.
import { createInflateRaw } from "node:zlib";
import { inflatedLimitError } from "./record-limits.ts";

export type ZipEntry = {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  localHeaderOffset: number;
};

/** What may still be inflated, shared by every entry read from one file. */
export type InflateAllowance = { bytes: number };

const endOfDirectory = 0x06054b50;
const zip64Locator = 0x07064b50;
const zip64EndOfDirectory = 0x06064b50;
const directoryHeader = 0x02014b50;
const localHeader = 0x04034b50;
const unknown32 = 0xffffffff;
const chunkBytes = 64 * 1024;

/**
 * The entries with the given names, or null when the bytes are not a readable zip. Only names of a wanted length
 * are decoded: 5 MB holds 50,000 empty entries, and a string and a map entry for each would take a while.
 */
export function readZipEntries(bytes: Uint8Array, wanted: readonly string[]): Map<string, ZipEntry> | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const wantedNames = new Set(wanted);
  const wantedLengths = new Set(wanted.map((name) => Buffer.byteLength(name)));
  const end = findEndOfDirectory(view);
  if (end < 0) return null;
  let count = view.getUint16(end + 10, true);
  let size = view.getUint32(end + 12, true);
  let offset = view.getUint32(end + 16, true);
  if (count === 0xffff || size === unknown32 || offset === unknown32) {
    const locator = end - 20;
    if (locator >= 0 && view.getUint32(locator, true) === zip64Locator) {
      const at = safeNumber(view.getBigUint64(locator + 8, true));
      if (at + 56 <= bytes.length && view.getUint32(at, true) === zip64EndOfDirectory) {
        count = safeNumber(view.getBigUint64(at + 32, true));
        size = safeNumber(view.getBigUint64(at + 40, true));
        offset = safeNumber(view.getBigUint64(at + 48, true));
      }
    }
  }
  if (offset + size > bytes.length) return null;

  const entries = new Map<string, ZipEntry>();
  const directoryEnd = offset + size;
  let p = offset;
  for (let i = 0; i < count && p < directoryEnd; i++) {
    if (p + 46 > directoryEnd || view.getUint32(p, true) !== directoryHeader) return null;
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    let compressedSize = view.getUint32(p + 20, true);
    const originalSize = view.getUint32(p + 24, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    let localHeaderOffset = view.getUint32(p + 42, true);
    const nameStart = p + 46;
    const extraStart = nameStart + nameLength;
    const next = extraStart + extraLength + commentLength;
    if (next > directoryEnd) return null;
    p = next;
    if (!wantedLengths.has(nameLength)) continue;
    const name = buffer.toString("utf8", nameStart, extraStart);
    if (!wantedNames.has(name)) continue;
    if (compressedSize === unknown32 || localHeaderOffset === unknown32) {
      // ZIP64 keeps the real values in an extra field, in this order, for the fields set to 0xFFFFFFFF only.
      const zip64 = findExtra(view, extraStart, extraStart + extraLength, 0x0001);
      if (zip64) {
        let at = zip64.start;
        const read = () => {
          const value = at + 8 <= zip64.end ? safeNumber(view.getBigUint64(at, true)) : unknown32;
          at += 8;
          return value;
        };
        if (originalSize === unknown32) read();
        if (compressedSize === unknown32) compressedSize = read();
        if (localHeaderOffset === unknown32) localHeaderOffset = read();
      }
    }
    entries.set(name, { name, method, flags, compressedSize, localHeaderOffset });
  }
  return entries;
}

/**
 * The inflated bytes of an entry, in chunks. Throws the inflated-size refusal once the allowance runs out, and a
 * plain Error when the entry is damaged, encrypted or compressed in a way Word never uses.
 */
export async function* inflateEntry(
  bytes: Uint8Array,
  entry: ZipEntry,
  allowance: InflateAllowance,
): AsyncGenerator<Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== localHeader) throw new Error("no local header");
  if (entry.flags & 0x0001) throw new Error("encrypted entry");
  const dataStart = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  // A deflate stream ends itself, so a wrong compressed size does no harm as long as it stays inside the file.
  const dataEnd = Math.min(bytes.length, dataStart + entry.compressedSize);
  if (dataStart > dataEnd) throw new Error("entry outside the file");
  const data = bytes.subarray(dataStart, dataEnd);

  const take = (chunk: Uint8Array) => {
    allowance.bytes -= chunk.length;
    if (allowance.bytes < 0) throw inflatedLimitError();
    return chunk;
  };
  if (entry.method === 0) {
    for (let i = 0; i < data.length; i += chunkBytes) yield take(data.subarray(i, i + chunkBytes));
    return;
  }
  if (entry.method !== 8) throw new Error(`compression method ${entry.method}`);
  const inflater = createInflateRaw({ chunkSize: chunkBytes });
  inflater.end(data);
  try {
    for await (const chunk of inflater) yield take(chunk as Buffer);
  } finally {
    inflater.destroy();
  }
}

function findEndOfDirectory(view: DataView): number {
  // The record is 22 bytes and may be followed by a comment of up to 65,535 bytes.
  const lowest = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let i = view.byteLength - 22; i >= lowest; i--) {
    if (view.getUint32(i, true) === endOfDirectory) return i;
  }
  return -1;
}

function findExtra(view: DataView, start: number, end: number, id: number) {
  for (let p = start; p + 4 <= end; ) {
    const size = view.getUint16(p + 2, true);
    if (view.getUint16(p, true) === id) return { start: p + 4, end: Math.min(end, p + 4 + size) };
    p += 4 + size;
  }
  return null;
}

function safeNumber(value: bigint): number {
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
}
