// Evidence files (佐证材料) for progress reports and completion requests: which types are accepted, and where
// they are kept: under DATA_DIR/files, outside the database, named by a random id (never by the user's name).
import { randomUUID } from "node:crypto";
import { constants, copyFile, mkdir, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import type { ReceivedFile, UploadLimits } from "../../http/multipart.ts";
import { InvalidInputError } from "../../shared/errors.ts";

/** An evidence file as the upload reader left it in DATA_DIR/tmp: measured and hashed, never in memory. */
export type Upload = ReceivedFile;
export type StoredFile = {
  fileName: string;
  mimeType: string;
  size: number;
  sha256: string;
  storagePath: string;
};

export const maxEvidenceBytes = 10 * 1024 * 1024;
export const maxEvidenceFiles = 5;

/** What the report and completion forms may send; the text fields hold at most 5000 characters. */
export const evidenceUploads: UploadLimits = {
  fileField: "files",
  maxFiles: maxEvidenceFiles,
  maxFileBytes: maxEvidenceBytes,
  maxFieldBytes: 64 * 1024,
};

const zip = [0x50, 0x4b, 0x03, 0x04];
const ole2 = [0xd0, 0xcf, 0x11, 0xe0];
/** Accepted types by extension, with the leading bytes the content must start with (null: plain text). */
const types: Record<string, { mime: string; magic: number[] | null }> = {
  pdf: { mime: "application/pdf", magic: [0x25, 0x50, 0x44, 0x46] },
  jpg: { mime: "image/jpeg", magic: [0xff, 0xd8, 0xff] },
  jpeg: { mime: "image/jpeg", magic: [0xff, 0xd8, 0xff] },
  png: { mime: "image/png", magic: [0x89, 0x50, 0x4e, 0x47] },
  docx: { mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", magic: zip },
  xlsx: { mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", magic: zip },
  doc: { mime: "application/msword", magic: ole2 },
  xls: { mime: "application/vnd.ms-excel", magic: ole2 },
  txt: { mime: "text/plain; charset=utf-8", magic: null },
};
export const acceptedEvidence = Object.keys(types)
  .filter((t) => t !== "jpeg")
  .map((t) => `.${t}`)
  .join("、");

/** Checks every file before anything is stored; the first problem is reported in Chinese. */
export function checkEvidence(files: Upload[]): void {
  if (files.length > maxEvidenceFiles) {
    throw new InvalidInputError(`一次最多上传 ${maxEvidenceFiles} 个附件`, "files");
  }
  for (const file of files) {
    const ext = path.extname(file.fileName).slice(1).toLowerCase();
    const type = types[ext];
    if (!type)
      throw new InvalidInputError(`“${file.fileName}”的格式不支持，附件只能是 ${acceptedEvidence}`, "files");
    if (file.size === 0) throw new InvalidInputError(`“${file.fileName}”是空文件`, "files");
    if (file.size > maxEvidenceBytes) {
      throw new InvalidInputError(
        `“${file.fileName}”超过 ${maxEvidenceBytes / 1024 / 1024} MB 上限`,
        "files",
      );
    }
    if (type.magic && !type.magic.every((b, i) => file.head[i] === b)) {
      throw new InvalidInputError(`“${file.fileName}”的内容与扩展名不符，可能已损坏或被改过扩展名`, "files");
    }
  }
}

/**
 * Moves the received files into DATA_DIR/files, runs `fn` with them (typically a transaction that records
 * them) and removes them again if `fn` fails, so a failed request leaves neither rows nor files behind.
 */
export async function withStoredFiles<T>(
  dataDir: string,
  files: Upload[],
  fn: (stored: StoredFile[]) => Promise<T>,
): Promise<T> {
  checkEvidence(files);
  const stored: StoredFile[] = [];
  try {
    for (const file of files) {
      const ext = path.extname(file.fileName).slice(1).toLowerCase();
      const month = new Date().toISOString().slice(0, 7);
      const storagePath = path.join("files", month, randomUUID());
      await mkdir(path.join(dataDir, "files", month), { recursive: true });
      await moveFile(file.path, path.join(dataDir, storagePath));
      stored.push({
        fileName: path.basename(file.fileName).slice(0, 200),
        mimeType: types[ext]!.mime,
        size: file.size,
        sha256: file.sha256,
        storagePath,
      });
    }
    return await fn(stored);
  } catch (error) {
    await Promise.all(stored.map((s) => rm(path.join(dataDir, s.storagePath), { force: true })));
    throw error;
  }
}

/** A rename (DATA_DIR/tmp is beside DATA_DIR/files), or a copy when DATA_DIR/files is mounted elsewhere. */
async function moveFile(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as { code?: string }).code !== "EXDEV") throw error;
    await copyFile(from, to, constants.COPYFILE_EXCL);
    await rm(from, { force: true });
  }
}

export function readStoredFile(dataDir: string, storagePath: string): Promise<Buffer> {
  return readFile(path.join(dataDir, storagePath));
}
