// What the fuzz test (tests/integration/fuzz.test.ts) sends: a seeded PRNG, the values that break handlers
// (boundary ids, dates that match the pattern but do not exist, NUL bytes, lone surrogates, huge text), the bodies
// that carry them (url-encoded, JSON, multipart, each also malformed) and a client that keeps one person's cookies
// and form token while sending whatever bytes it is given.
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { docx, paragraph, t } from "./docx.ts";

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let x = this.state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  }

  /** 0 ≤ n < max */
  int(max: number): number {
    return Math.floor(this.next() * max);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[this.int(items.length)]!;
  }

  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1]![0];
  }
}

/** A value with a short name for the failure list ("nul", "id:2147483648"). */
export type Nasty = { label: string; value: string };

const maxHugeChars = 100_000;

/** Past int4, past uint32, past a double's integers, past int64, past any number. */
const tooBigIds = ["2147483648", "4294967296", "9007199254740993", "99999999999999999999", "9".repeat(400)];

/** Ids as they appear in a path: already percent-encoded where a raw character could not travel. */
export const pathIds = [
  "0",
  "-1",
  "1.5",
  "1.0",
  "2147483647",
  ...tooBigIds,
  "1e3",
  "1E3",
  "1e309",
  "abc",
  "%201",
  "1%20",
  "%00",
  "1%00",
  "%0A1",
  "0x1F",
  "+1",
  "-0",
  "00001",
  "1,2",
  "NaN",
  "Infinity",
  "%EF%BC%91",
  "%E4%B8%80",
  "%FF",
  "%ED%A0%80",
  "%",
  "%zz",
  "..",
  "%2e%2e",
  "1;x",
  "1%2F2",
  "null",
  "undefined",
  "true",
  "[1]",
  "%5B1%5D",
] as const;

/** Ids as form, query or JSON values. */
export const valueIds = [
  "0",
  "-1",
  "1.5",
  "2147483647",
  ...tooBigIds,
  "999999",
  "1e3",
  "1e309",
  "-1e309",
  "abc",
  " 1",
  "1 ",
  "\t1\n",
  "0x1F",
  "0b11",
  "0o7",
  "+1",
  "-0",
  "00001",
  "1,2",
  "1,2,2147483648",
  "NaN",
  "Infinity",
  "１２",
  "١",
  "½",
  "1\u0000",
  "",
  "none",
  "null",
] as const;

export const badDates = [
  "2026-13-45",
  "0000-00-00",
  "2026-02-31",
  "2026-02-30",
  "2025-02-29",
  "2100-02-29",
  "2026-00-10",
  "2026-04-31",
  "2026-12-32",
  "2026-99-99",
  "9999-99-99",
  "10000-01-01",
  "99999-12-31",
  "2026-1-1",
  "2026/01/01",
  "2026-01-01T00:00:00Z",
  "20260101",
  "-2026-01-01",
  "2026-01-01\u0000",
  " 2026-01-01",
  "２０２６-０１-０１",
  "2026-01-01..2026-02-01",
] as const;

/** Real days at the edges: the oldest and newest a four-digit year allows, leap days, the epoch. */
export const edgeDates = [
  "9999-12-31",
  "9999-12-30",
  "0001-01-01",
  "1000-01-01",
  "1900-01-01",
  "1969-12-31",
  "1970-01-01",
  "2028-02-29",
  "2026-02-28",
  "2100-12-31",
  "3000-01-01",
] as const;

const textPieces: readonly (readonly [string, string])[] = [
  ["nul", "\u0000"],
  ["nul-mid", "前\u0000后"],
  ["ctrl", "\u0001\u0007\b\u000b\u000c\u001b\u007f\u0085"],
  ["lone-high-surrogate", "\ud800"],
  ["lone-low-surrogate", "\udfff"],
  ["swapped-surrogates", "\udc00\ud800"],
  ["emoji", "🎉👨‍👩‍👧‍👦🇨🇳"],
  ["cjk-ext", "督办𠀀𪚥𰻝"],
  ["rtl", "\u202eabc\u202c"],
  ["zero-width", "\u200b\u200d\ufeff"],
  ["ideographic-space", "\u3000"],
  ["nbsp", "\u00a0"],
  ["noncharacter", "\uffff\ufffe"],
  ["combining", "e\u0301\u0301\u0301\u0301"],
  ["html", "<script>alert(1)</script>\"'&<b>"],
  ["eta", "<%= it.title %><%~ it.x %>"],
  ["sql", "' OR 1=1; --"],
  ["format", "%s%n%d$\u007bx}{{x}}"],
  ["crlf", "a\r\nb\rc\n"],
  ["backslash", "\\u0000\\x00\\"],
  ["path", "../../etc/passwd"],
  ["json", '{"a":[1]}'],
  ["url", "javascript:alert(1)"],
  ["spaces", "   "],
];

function hugeText(rng: Rng): string {
  const unit = rng.pick(["督办", "a", "🎉", "区水务局要在6月底前完成。", "\u0000", "x\n"]);
  const size = rng.pick([1_000, 5_001, 20_001, 65_536, maxHugeChars]);
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

/** A text value with something nasty in it, or something nasty alone. */
export function nastyText(rng: Rng, base = "测试"): Nasty {
  if (rng.chance(0.12)) {
    const value = hugeText(rng);
    return { label: `huge(${value.length})`, value };
  }
  const [label, piece] = rng.pick(textPieces);
  const where = rng.int(3);
  const value = where === 0 ? piece : where === 1 ? base + piece : `${piece}${base}${piece}`;
  return { label, value };
}

export function nastyId(rng: Rng): Nasty {
  const value = rng.pick(valueIds);
  return { label: `id:${short(value, 12)}`, value };
}

export function nastyDate(rng: Rng): Nasty {
  const value = rng.chance(0.75) ? rng.pick(badDates) : rng.pick(edgeDates);
  return { label: `date:${short(value, 14)}`, value };
}

export function nastyAny(rng: Rng): Nasty {
  return rng.weighted<() => Nasty>([
    [() => nastyText(rng), 3],
    [() => nastyId(rng), 2],
    [() => nastyDate(rng), 2],
  ])();
}

export function short(value: unknown, max = 40): string {
  const s = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  const shown = JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s).slice(1, -1);
  return s.length > max ? `${shown}(${s.length})` : shown;
}

/** encodeURIComponent, except that a lone surrogate goes as the bytes of its code unit (invalid UTF-8). */
export function encodeValue(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    let out = "";
    for (const ch of value) {
      const code = ch.charCodeAt(0);
      if (ch.length === 1 && code >= 0xd800 && code <= 0xdfff) {
        out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
          .map((b) => `%${b.toString(16).toUpperCase()}`)
          .join("");
      } else out += encodeURIComponent(ch);
    }
    return out;
  }
}

export type FormValue = string | string[];
export type Form = Record<string, FormValue>;

export function encodeForm(form: Form): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(form)) {
    for (const v of Array.isArray(value) ? value : [value])
      parts.push(`${encodeValue(key)}=${encodeValue(v)}`);
  }
  return parts.join("&");
}

/** Pieces of a query string or url-encoded body that no encoder would write. */
export const brokenEncodings = [
  "%",
  "%zz",
  "a=%E4%B8",
  "=x",
  "&&",
  "a[b]=1",
  "a[]=1&a[]=2",
  "%00=%00",
  "+=+",
  ";",
];

// Evidence and record files.
const pdfBytes = new TextEncoder().encode("%PDF-1.4\n% 佐证材料\n");
const pngBytes = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const zipOnly = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6]);
const ole2 = Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

export type FilePart = { field: string; name: string; type: string; bytes: Uint8Array };

function randomBytes(rng: Rng, n: number): Uint8Array {
  const bytes = new Uint8Array(n);
  for (let i = 0; i < n; i++) bytes[i] = rng.int(256);
  return bytes;
}

const fileNames = [
  "",
  "noext",
  ".pdf",
  "a.PDF",
  "x.exe",
  "a\u0000.pdf",
  "../../x.pdf",
  `${"长".repeat(300)}.pdf`,
  "🎉.pdf",
  "a.pdf ",
  "a;b.pdf",
  "C:\\fakepath\\证明.pdf",
  "a\r\nb.pdf",
  "纪要.docx",
  "纪要.txt",
  "纪要.html",
  "纪要.doc",
  "纪要.pdf",
  "photo.png",
  "表.xlsx",
] as const;

/** An evidence file for a progress report: usually a good one, often a broken one. */
export function evidenceFile(rng: Rng, field = "files"): { part: FilePart; label: string } {
  if (rng.chance(0.35)) {
    return { part: { field, name: "验收报告.pdf", type: "application/pdf", bytes: pdfBytes }, label: "pdf" };
  }
  const name = rng.pick(fileNames);
  const [kind, bytes] = rng.pick<readonly [string, Uint8Array]>([
    ["pdf", pdfBytes],
    ["png", pngBytes],
    ["zip-magic", zipOnly],
    ["ole2", ole2],
    ["empty", new Uint8Array()],
    ["random", randomBytes(rng, 1 + rng.int(4096))],
    ["text-nul", new TextEncoder().encode("进展\u0000说明")],
    ["big", new Uint8Array(90_000).fill(0x25)],
  ]);
  const type = rng.pick([
    "application/pdf",
    "application/octet-stream",
    "text/plain",
    "",
    "image/png",
    "x/\u0000",
  ]);
  return { part: { field, name, type, bytes }, label: `file(${short(name, 16)},${kind})` };
}

/** A meeting record, usually one the extractor finds directives in, with something nasty worked in. */
export function meetingText(rng: Rng, salt: string): Nasty {
  const directives = [
    "区水务局要在主汛期前完成北山水库除险加固",
    "区财政局要在一个月内拨付配套资金",
    "区教体局要会同区公安分局在6月底前完成校园安防排查",
    "区水务局要在9999年12月31日前完成河道整治",
    "区财政局要于10000年1月1日前完成审计",
    "区水务局要在2026年2月31日前完成验收",
    "区财政局要在0000年0月0日前上报",
    "区水务局要在99999年底前完成",
    "区教体局要在13月45日前完成",
    "区财政局要长期坚持，每月报送进展",
    "各有关部门要在第四季度前完成自查",
    "区不存在局要在本周五前完成",
  ];
  const lines = [`区政府第${salt}次常务会议纪要`, "4月8日，区长王建国主持召开常务会议。"];
  const n = 1 + rng.int(4);
  for (let i = 0; i < n; i++)
    lines.push(`${"一二三四五"[i]}、关于事项${i}`, `会议要求，${rng.pick(directives)}。`);
  let label = "record";
  if (rng.chance(0.5)) {
    const nasty = nastyText(rng);
    const at = 1 + rng.int(lines.length - 1);
    lines.splice(at, 0, nasty.value.slice(0, 20_000));
    label = `record+${nasty.label}`;
  }
  return { label, value: lines.join(rng.pick(["\n", "\r\n", "\n\n", "\u2028"])) };
}

/** A record file for the import form. */
export function recordFile(rng: Rng, text: string): { part: FilePart; label: string } {
  const enc = new TextEncoder();
  const [label, name, bytes] = rng.pick<readonly [string, string, Uint8Array]>([
    ["txt", "纪要.txt", enc.encode(text)],
    ["txt-bom", "纪要.txt", Uint8Array.from([0xef, 0xbb, 0xbf, ...enc.encode(text)])],
    ["txt-utf16", "纪要.txt", Uint8Array.from([0xff, 0xfe, ...new Uint8Array(Buffer.from(text, "utf16le"))])],
    ["txt-gbk-ish", "纪要.txt", randomBytes(rng, 300).map((b) => b | 0x80)],
    [
      "docx",
      "纪要.docx",
      docx(
        text
          .split("\n")
          .map((line) => paragraph(t(line)))
          .join(""),
      ),
    ],
    ["docx-broken", "纪要.docx", zipOnly],
    ["docx-nul", "纪要.docx", docx(paragraph(t("会议要求\u0000区水务局要在月底前完成")))],
    [
      "html",
      "纪要.html",
      enc.encode(`<html><head><title>纪\u0000要</title></head><body><p>${text}</p></body></html>`),
    ],
    ["html-empty", "纪要.htm", enc.encode("<html></html>")],
    ["pdf", "纪要.pdf", pdfBytes],
    ["doc", "纪要.doc", ole2],
    ["empty", "纪要.txt", new Uint8Array()],
    ["no-name", "", enc.encode(text)],
    ["random", rng.pick(fileNames), randomBytes(rng, 1 + rng.int(2000))],
  ]);
  return {
    part: { field: "file", name, type: rng.pick(["text/plain", "application/octet-stream", ""]), bytes },
    label,
  };
}

/** A well-formed multipart body. */
export function multipartBody(fields: [string, string][], files: FilePart[], boundary: string): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of fields) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  for (const f of files) {
    const type = f.type ? `\r\nContent-Type: ${f.type}` : "";
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.name}"${type}\r\n\r\n`,
      ),
      Buffer.from(f.bytes),
      Buffer.from("\r\n"),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(parts);
}

/** A multipart body broken in one of the ways clients and proxies break them. */
export function brokenMultipart(
  rng: Rng,
  fields: [string, string][],
  files: FilePart[],
  boundary: string,
): { payload: Buffer; contentType: string; label: string } {
  const good = multipartBody(fields, files, boundary);
  const ct = `multipart/form-data; boundary=${boundary}`;
  const head = (name: string, extra = "") =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${extra}\r\n\r\n`;
  const csrf = fields.filter(([k]) => k === "_csrf");
  const csrfParts = Buffer.from(csrf.map(([k, v]) => `${head(k)}${v}\r\n`).join(""));
  const end = Buffer.from(`--${boundary}--\r\n`);
  const cases: (() => { payload: Buffer; contentType: string; label: string })[] = [
    () => ({
      payload: good,
      contentType: `multipart/form-data; boundary=${boundary}x`,
      label: "boundary-mismatch",
    }),
    () => ({ payload: good, contentType: "multipart/form-data", label: "no-boundary" }),
    () => ({ payload: good, contentType: "multipart/form-data; boundary=", label: "empty-boundary" }),
    () => ({
      payload: good,
      contentType: `multipart/form-data; boundary="${"b".repeat(200)}"`,
      label: "long-boundary",
    }),
    () => ({
      payload: good.subarray(0, Math.max(1, rng.int(good.length))),
      contentType: ct,
      label: "truncated",
    }),
    () => ({
      payload: good.subarray(0, good.length - end.length),
      contentType: ct,
      label: "no-final-boundary",
    }),
    () => ({ payload: Buffer.alloc(0), contentType: ct, label: "empty-body" }),
    () => ({ payload: Buffer.from(randomBytes(rng, 1 + rng.int(3000))), contentType: ct, label: "garbage" }),
    () => ({
      payload: Buffer.concat([csrfParts, Buffer.from(`--${boundary}\r\n\r\nno disposition\r\n`), end]),
      contentType: ct,
      label: "part-without-disposition",
    }),
    () => ({
      payload: Buffer.concat([
        csrfParts,
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data\r\n\r\nnameless\r\n`),
        end,
      ]),
      contentType: ct,
      label: "part-without-name",
    }),
    () => ({
      payload: Buffer.concat([
        csrfParts,
        Buffer.from(`${head("files", '; filename=""')}%PDF-1.4 evidence\r\n`),
        end,
      ]),
      contentType: ct,
      label: "empty-filename-with-bytes",
    }),
    () => ({
      payload: Buffer.concat([
        csrfParts,
        Buffer.from(`${head(rng.pick(["files", "file"]), '; filename=""')}\r\n`),
        Buffer.from(`${head(rng.pick(["files", "file"]), '; filename=""')}\r\n`),
        end,
      ]),
      contentType: ct,
      label: "empty-filename-parts",
    }),
    () => ({
      payload: Buffer.concat([
        csrfParts,
        Buffer.from(`${head("files", "; filename*=UTF-8''%E8%AF%81%E6%98%8E.pdf")}%PDF-1.4\r\n`),
        end,
      ]),
      contentType: ct,
      label: "rfc5987-filename",
    }),
    () => ({
      payload: Buffer.concat([
        csrfParts,
        ...Array.from({ length: 60 }, (_, i) => Buffer.from(`${head(`f${i}`)}${i}\r\n`)),
        end,
      ]),
      contentType: ct,
      label: "too-many-fields",
    }),
    () => ({
      payload: Buffer.concat([
        csrfParts,
        ...Array.from({ length: 7 }, (_, i) =>
          Buffer.from(`${head("files", `; filename="${i}.pdf"`)}%PDF-1.4\r\n`),
        ),
        end,
      ]),
      contentType: ct,
      label: "too-many-files",
    }),
    () => ({
      payload: Buffer.from(good.toString("latin1").replaceAll("\r\n", "\n"), "latin1"),
      contentType: ct,
      label: "lf-only",
    }),
    () => ({
      payload: Buffer.concat([csrfParts, Buffer.from(`${head(`x${"h".repeat(20_000)}`)}v\r\n`), end]),
      contentType: ct,
      label: "huge-header",
    }),
    () => ({
      payload: Buffer.concat([
        csrfParts,
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="body"\r\nContent-Type: application/json\r\n\r\n{"x":\r\n`,
        ),
        end,
      ]),
      contentType: ct,
      label: "json-field-part",
    }),
    () => ({
      payload: Buffer.concat([csrfParts, Buffer.from(`${head('a"b')}v\r\n${head("_csrf")}`), end]),
      contentType: ct,
      label: "quote-in-name+csrf-twice",
    }),
    () => ({ payload: good, contentType: `multipart/mixed; boundary=${boundary}`, label: "multipart-mixed" }),
    () => ({
      payload: good,
      contentType: `multipart/form-data; boundary=${boundary}; charset=gb2312`,
      label: "charset-param",
    }),
  ];
  // The ways that have answered 500 before come up three times as often.
  const favoured = [
    "empty-filename-with-bytes",
    "empty-filename-parts",
    "truncated",
    "garbage",
    "no-boundary",
  ];
  const built = cases.map((make) => make());
  return rng.weighted(built.map((c) => [c, favoured.includes(c.label) ? 3 : 1] as const));
}

// A client that keeps one person's cookies and form token and sends whatever it is handed.
export type SendOptions = {
  method: string;
  url: string;
  payload?: string | Buffer;
  headers?: Record<string, string>;
};

export class RawClient {
  private cookies = new Map<string, string>();
  csrf = "";

  constructor(
    private readonly app: FastifyInstance,
    private readonly ip = "127.0.0.1",
  ) {}

  async send(options: SendOptions): Promise<LightMyRequestResponse> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const res = await this.app.inject({
      method: options.method as "GET",
      url: options.url,
      payload: options.payload,
      headers: { ...(cookie ? { cookie } : {}), ...options.headers },
      remoteAddress: this.ip,
    });
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      if (c.value === "" || c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now()))
        this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return res;
  }

  /** Reads the form token from a page; it stays valid for the session. */
  async refreshCsrf(page: string): Promise<string> {
    const res = await this.send({ method: "GET", url: page });
    const match = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (!match?.[1]) throw new Error(`no CSRF token on ${page} (status ${res.statusCode})`);
    this.csrf = match[1];
    return this.csrf;
  }

  async login(username: string, password: string): Promise<void> {
    await this.refreshCsrf("/login");
    const res = await this.send({
      method: "POST",
      url: "/login",
      payload: encodeForm({ _csrf: this.csrf, username, password }),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    if (res.statusCode !== 303) throw new Error(`log-in as ${username} answered ${res.statusCode}`);
    await this.refreshCsrf("/");
  }
}
