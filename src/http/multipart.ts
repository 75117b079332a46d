// Multipart bodies, which only the upload forms send. Every other route refuses one without reading it. An
// upload route reads its body as a stream from the handler, so only after the sign-in hook, and takes a file
// only once the form's token (its first part) has been checked: an anonymous or forged post gets nothing
// buffered or written. Files go straight to DATA_DIR/tmp within the route's limits and are removed when the
// response is over, unless a service moved them away first (evidence is renamed into DATA_DIR/files).
import { createHash, randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import multipart, { type MultipartFile } from "@fastify/multipart";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { AppError, InvalidInputError } from "../shared/errors.ts";

declare module "fastify" {
  interface FastifyContextConfig {
    /** The route takes files, reading its multipart body with receiveUploads; other routes refuse one. */
    uploads?: boolean;
  }
}

export type ReceivedFile = {
  fileName: string;
  /** As the browser declared it; the content decides what the file really is. */
  mimeType: string;
  /** Under DATA_DIR/tmp; removed after the response unless moved away before. */
  path: string;
  size: number;
  sha256: string;
  /** The first bytes, for checking that the content is what the file name says. */
  head: Uint8Array;
};

export type UploadLimits = {
  /** The file input's name: a refusal about a file is shown beside it. */
  fileField: string;
  maxFiles: number;
  maxFileBytes: number;
  /** A longer text field is refused rather than silently cut short, which is what busboy does by default. */
  maxFieldBytes: number;
};

const forgedMessage = "页面已过期或来源不明，请返回刷新页面后重新提交。";
const malformedMessage = "上传的内容不完整或格式有误，请刷新页面后重新选择文件提交。";
// The words of the app's NUL guard (request-guards.ts), which sees request.body before a handler runs, so
// never these fields: PostgreSQL cannot store \0 in text.
const nulMessage = "提交的内容含有空字符（\\0），无法保存。请删除后重新提交。";
const headBytes = 16;

/** The temp files of each multipart request in flight. */
const tempFiles = new WeakMap<FastifyRequest, string[]>();

export const uploads = fp(async (app: FastifyInstance) => {
  // Registers the content type only: without attachFieldsToBody nothing is read until a handler asks.
  await app.register(multipart, { throwFileSizeLimit: false });

  // onRequest, so a refused body costs no session lookup. It is never read: Node stops taking it off the wire
  // after the answer, and the connection idles until the client hangs up or keep-alive runs out.
  app.addHook("onRequest", async (request, reply) => {
    if (!/^multipart\//i.test(request.headers["content-type"] ?? "") || request.is404) return;
    if (!request.routeOptions.config.uploads) {
      throw new AppError(415, "这里不接收上传文件，请从系统页面上的表单提交。");
    }
    tempFiles.set(request, []);
    // 'close' follows the response, and also comes when the browser goes away first.
    reply.raw.once("close", () => {
      removeTempFiles(request).catch((err) => request.log.warn({ err }, "temp upload not removed"));
    });
  });
});

/**
 * The fields and files of an upload form. `fields` is filled as the parts arrive, so a form refused half-way
 * can still be shown again with what was typed. Refusals: 403 for a missing or wrong token, InvalidInputError
 * (422) for a file or field over its limit or a file without a name, 413 for too many parts, 400 for a body
 * that is not well-formed multipart.
 */
export async function receiveUploads(
  request: FastifyRequest,
  limits: UploadLimits,
  fields: Record<string, string> = {},
): Promise<{ fields: Record<string, string>; files: ReceivedFile[] }> {
  if (!request.isMultipart()) {
    // The same form sent url-encoded carries no file, and the CSRF hook has checked its token with the body.
    for (const [name, value] of Object.entries((request.body ?? {}) as Record<string, unknown>)) {
      if (typeof value === "string" && name !== "_csrf") fields[name] = value;
    }
    return { fields, files: [] };
  }
  const temps = tempFiles.get(request) ?? [];
  tempFiles.set(request, temps);
  const files: ReceivedFile[] = [];
  const dir = path.join(request.server.config.dataDir, "tmp");
  try {
    let trusted = request.headers["x-csrf-token"] !== undefined;
    if (trusted) await checkCsrf(request);
    const parts = request.parts({
      limits: {
        // One byte over our own limit, so the meter below, not a silent truncation, decides.
        fileSize: limits.maxFileBytes + 1,
        files: limits.maxFiles + 1,
        fieldSize: limits.maxFieldBytes,
        fields: 20,
        parts: limits.maxFiles + 21,
        headerPairs: 20,
      },
    });
    for await (const part of parts) {
      if (!trusted) {
        // The forms put the token first and browsers send parts in document order: no file comes before it.
        if (part.type !== "field" || part.fieldname !== "_csrf") throw new AppError(403, forgedMessage);
        request.body = { _csrf: String(part.value) };
        await checkCsrf(request);
        trusted = true;
      } else if (part.type === "field") {
        if (part.valueTruncated) {
          throw new InvalidInputError(
            `填写的内容过长：每一项不能超过 ${sizeOf(limits.maxFieldBytes)}`,
            part.fieldname,
          );
        }
        const value = String(part.value);
        if (value.includes("\u0000")) throw new InvalidInputError(nulMessage, part.fieldname);
        if (part.fieldname !== "_csrf") fields[part.fieldname] = value;
      } else {
        const file = await receiveFile(part, dir, temps, limits, files.length);
        if (file) files.push(file);
      }
    }
    if (!trusted) throw new AppError(403, forgedMessage);
  } catch (error) {
    // The rest of the body is read and dropped, so the answer reaches a browser that is still sending.
    request.raw.unpipe();
    request.raw.resume();
    await removeTempFiles(request);
    throw refusalOf(request, error);
  }
  request.body = fields;
  return { fields, files };
}

async function receiveFile(
  part: MultipartFile,
  dir: string,
  temps: string[],
  limits: UploadLimits,
  received: number,
): Promise<ReceivedFile | null> {
  const fileName = part.filename ?? "";
  if (!fileName) {
    // An empty file input still sends a part, with no file name and no bytes; bytes without a name are not.
    for await (const chunk of part.file) {
      if ((chunk as Buffer).length > 0) {
        throw new InvalidInputError("有一个文件没有文件名，请重新选择文件后再提交。", limits.fileField);
      }
    }
    return null;
  }
  if (fileName.includes("\u0000")) throw new InvalidInputError(nulMessage, limits.fileField);
  if (received >= limits.maxFiles) {
    throw new InvalidInputError(`一次最多上传 ${limits.maxFiles} 个文件`, limits.fileField);
  }
  await mkdir(dir, { recursive: true });
  const target = path.join(dir, randomUUID());
  temps.push(target);
  const hash = createHash("sha256");
  let size = 0;
  let head = Buffer.alloc(0);
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > limits.maxFileBytes) {
        const message = `“${fileName}”超过 ${sizeOf(limits.maxFileBytes)} 上限`;
        return done(new InvalidInputError(message, limits.fileField));
      }
      hash.update(chunk);
      if (head.length < headBytes) head = Buffer.concat([head, chunk.subarray(0, headBytes - head.length)]);
      done(null, chunk);
    },
  });
  await pipeline(part.file, meter, createWriteStream(target, { flags: "wx" }));
  return { fileName, mimeType: part.mimetype, path: target, size, sha256: hash.digest("hex"), head };
}

/**
 * @fastify/csrf-protection's check, made to throw: it answers a bad token with reply.send(error), and the
 * answer must wait until the reader has stopped reading.
 */
function checkCsrf(request: FastifyRequest): Promise<void> {
  return new Promise((resolve, reject) => {
    const answer = { send: (error: Error) => reject(error) } as unknown as FastifyReply;
    request.server.csrfProtection(request, answer, () => resolve());
  });
}

function refusalOf(request: FastifyRequest, error: unknown): unknown {
  if (error instanceof AppError) return error;
  const { code, syscall } = (error ?? {}) as { code?: string; syscall?: string };
  // A full or unwritable disk is the server's failure, not the form's.
  if (syscall) return error;
  if (code?.startsWith("FST_CSRF")) return error;
  if (code === "FST_PARTS_LIMIT" || code === "FST_FILES_LIMIT" || code === "FST_FIELDS_LIMIT") {
    return new AppError(413, "表单中的项目过多，请刷新页面后重新提交。");
  }
  // Anything else busboy or the multipart plugin raises means a body that is not well-formed multipart: no or
  // a bad boundary, a part cut short, a connection closed half-way.
  request.log.info({ err: error }, "malformed multipart body refused");
  return new AppError(400, malformedMessage);
}

async function removeTempFiles(request: FastifyRequest): Promise<void> {
  const temps = tempFiles.get(request);
  if (!temps?.length) return;
  await Promise.all(temps.splice(0).map((file) => rm(file, { force: true })));
}

function sizeOf(bytes: number): string {
  const mb = 1024 * 1024;
  return bytes >= mb && bytes % mb === 0 ? `${bytes / mb} MB` : `${Math.round(bytes / 1024)} KB`;
}

/** The CSRF token a form post carries in its body: url-encoded, or put there by receiveUploads. */
export function csrfTokenOf(body: unknown): string | undefined {
  const token = (body as Record<string, unknown> | undefined)?._csrf;
  return typeof token === "string" ? token : undefined;
}
