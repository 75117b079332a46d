// One process per embedded data directory. PGlite has no interlock of its own (its postmaster.pid always holds
// -42), and two processes on one directory each keep their own buffers and WAL position: both acknowledge
// writes, each sees only its own, and the files end up corrupt. So an opener first takes `<dir>.lock`, a file
// that names its holder and counts as stale only when that holder is provably gone.
//
// The lock sits beside the directory, not in it, so a copy of the directory (a backup being restored) does not
// bring a lock along, and nothing of ours sits among PostgreSQL's files.
import { randomBytes } from "node:crypto";
import { readFileSync, unlinkSync } from "node:fs";
import { link, open, readFile, realpath, unlink, writeFile } from "node:fs/promises";
import os from "node:os";
import { formatDateTime } from "../shared/locale.ts";

export type LockHolder = {
  pid: number;
  host: string;
  startedAt: string;
  /** What the holder is, for a person: "npm start", "duban remind". Never argv, which may hold a password. */
  command: string;
  /**
   * Linux only: the boot and the process's start (clock ticks since boot). A PID alone is reused, and in a
   * restarted container the same PIDs come back in the same order (often our own), so a PID alone would keep
   * a dead server's lock alive for ever. Without them (other systems) a live PID counts as the holder.
   */
  bootId?: string;
  processStart?: number;
  /** Makes every lock's content unique, so "is this still the file I judged / I wrote?" is a string compare. */
  token: string;
};

export class DatabaseLockedError extends Error {
  readonly exitCode = 75; // EX_TEMPFAIL: try again once the holder has stopped
  constructor(
    message: string,
    readonly lockFile: string,
    readonly holder: LockHolder | null,
  ) {
    super(message);
    this.name = "DatabaseLockedError";
  }
}

export type DirectoryLock = {
  file: string;
  release: () => Promise<void>;
};

/**
 * Takes the lock for an existing directory or throws DatabaseLockedError naming the holder. `shownAs` is the
 * directory as the operator wrote it (DATABASE_URL), for the message.
 */
export async function acquireDirectoryLock(
  dir: string,
  options: { command: string; shownAs?: string },
): Promise<DirectoryLock> {
  // Two spellings of one directory (a symlink, a relative path) must meet at one lock file.
  const file = `${await realpath(dir)}.lock`;
  const shownAs = options.shownAs ?? dir;
  const mine: LockHolder = {
    pid: process.pid,
    host: os.hostname(),
    startedAt: new Date().toISOString(),
    command: options.command,
    ...(await processIdentity(process.pid)),
    token: randomBytes(8).toString("hex"),
  };
  const content = `${JSON.stringify(mine, null, 2)}\n`;

  for (let attempt = 0; attempt < 50; attempt++) {
    if (await createExclusive(file, content)) return heldLock(file, content);
    const raw = await readText(file);
    if (raw === null) continue; // released between our attempt and the read
    const holder = parseHolder(raw);
    if (!holder) {
      // Only the fallback for file systems without hard links ever shows a half-written lock, and only briefly.
      if (attempt < 10) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      throw new DatabaseLockedError(
        `内嵌数据库 ${shownAs} 的锁文件 ${file} 内容无法识别，无法判断是否有其他进程正在使用该数据库。请确认没有督办服务或 duban 命令在使用它，然后删除该锁文件再试。`,
        file,
        null,
      );
    }
    const state = await holderState(holder);
    if (state === "held") throw new DatabaseLockedError(heldMessage(shownAs, holder), file, holder);
    if (state === "elsewhere")
      throw new DatabaseLockedError(elsewhereMessage(shownAs, holder, file), file, holder);
    await removeStale(file, raw, content);
  }
  throw new DatabaseLockedError(
    `内嵌数据库 ${shownAs} 的锁文件 ${file} 一直在变化，可能有几个进程正同时打开该数据库。请稍后再试；同一数据目录只能由一个进程打开。`,
    file,
    null,
  );
}

function heldLock(file: string, content: string): DirectoryLock {
  // process.exit() (a shutdown that timed out, a command that returned) skips close(); the lock must not
  // outlive the process that held it even then. A crash or SIGKILL leaves it behind, and the next opener
  // finds its holder gone.
  const onExit = () => {
    try {
      if (readFileSync(file, "utf8") === content) unlinkSync(file);
    } catch {}
  };
  process.on("exit", onExit);
  return {
    file,
    release: async () => {
      process.off("exit", onExit);
      if ((await readText(file)) === content) await unlink(file).catch(() => {});
    },
  };
}

/**
 * Creates the lock file only if there is none, with its whole content at once: written to a temporary file
 * and hard-linked into place (link fails if the name exists), so a reader never sees a half-written lock.
 * Synced first: after a power cut the lock must read as its (gone) holder, not as an empty file.
 */
async function createExclusive(file: string, content: string): Promise<boolean> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  const handle = await open(temp, "wx");
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temp, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP") throw error;
    // File systems without hard links (FAT, some network shares): exclusive create, then write.
    try {
      await writeFile(file, content, { flag: "wx" });
      return true;
    } catch (fallback) {
      if ((fallback as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw fallback;
    }
  } finally {
    await unlink(temp).catch(() => {});
  }
}

/**
 * Removes a stale lock without ever removing a live one. Two openers can judge the same lock stale; if each
 * simply deleted it and created its own, the slower one would delete the faster one's fresh lock and both
 * would open the directory. So removing another process's lock takes a claim first (`<lock>.takeover`,
 * created exclusively, naming its taker), and under the claim the lock is removed only if it is still the very
 * file that was judged. Holders remove only their own lock, so nothing else can change it meanwhile.
 */
async function removeStale(file: string, judged: string, mine: string): Promise<void> {
  const claim = `${file}.takeover`;
  if (await createExclusive(claim, mine)) {
    try {
      if ((await readText(file)) === judged) await unlink(file).catch(() => {});
    } finally {
      await unlink(claim).catch(() => {});
    }
    return;
  }
  // Another opener is taking over right now (a few milliseconds), or died doing so and left its claim. Two
  // openers clearing such a leftover claim at the same instant could still race; that needs a crash inside
  // those milliseconds first.
  const raw = await readText(claim);
  const taker = raw === null ? null : parseHolder(raw);
  if (taker && (await holderState(taker)) === "gone" && (await readText(claim)) === raw)
    await unlink(claim).catch(() => {});
  else await new Promise((resolve) => setTimeout(resolve, 20));
}

type HolderState = "held" | "gone" | "elsewhere";

async function holderState(holder: LockHolder): Promise<HolderState> {
  // Another machine (a shared or copied directory, a re-created container): its processes cannot be seen.
  if (holder.host !== os.hostname()) return "elsewhere";
  const here = await processIdentity(process.pid);
  if (holder.bootId && here?.bootId && holder.bootId !== here.bootId) return "gone"; // rebooted since
  if (!isAlive(holder.pid)) return "gone";
  if (holder.processStart !== undefined) {
    const now = await processIdentity(holder.pid);
    if (now && (now.processStart !== holder.processStart || now.zombie)) return "gone";
  }
  return "held";
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function processIdentity(
  pid: number,
): Promise<{ bootId: string; processStart: number; zombie?: boolean } | null> {
  if (process.platform !== "linux") return null;
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    // "pid (comm) state ppid … starttime …": comm may hold spaces and parentheses; starttime is field 22.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const processStart = Number(fields[19]);
    const bootId = (await readFile("/proc/sys/kernel/random/boot_id", "utf8")).trim();
    if (!Number.isSafeInteger(processStart) || !bootId) return null;
    return fields[0] === "Z" ? { bootId, processStart, zombie: true } : { bootId, processStart };
  } catch {
    return null;
  }
}

function parseHolder(raw: string): LockHolder | null {
  try {
    const value = JSON.parse(raw) as Partial<LockHolder>;
    // A PID of 0 or below would make process.kill(pid, 0) probe a whole process group.
    if (!Number.isSafeInteger(value.pid) || (value.pid as number) <= 0) return null;
    if (typeof value.host !== "string" || typeof value.startedAt !== "string") return null;
    if (typeof value.command !== "string" || typeof value.token !== "string") return null;
    return {
      pid: value.pid as number,
      host: value.host,
      startedAt: value.startedAt,
      command: value.command,
      token: value.token,
      ...(typeof value.bootId === "string" ? { bootId: value.bootId } : {}),
      ...(Number.isSafeInteger(value.processStart) ? { processStart: value.processStart } : {}),
    };
  } catch {
    return null;
  }
}

async function readText(file: string): Promise<string | null> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

function describeHolder(holder: LockHolder): string {
  const since = Number.isNaN(Date.parse(holder.startedAt))
    ? holder.startedAt
    : formatDateTime(new Date(holder.startedAt));
  return `进程 ${holder.pid}，主机 ${holder.host}，自 ${since} 起，命令 ${holder.command}`;
}

function heldMessage(shownAs: string, holder: LockHolder): string {
  return `内嵌数据库 ${shownAs} 正由另一进程使用（${describeHolder(holder)}）。同一数据目录只能由一个进程打开：请先停止该进程，或改用 PostgreSQL 以运行多个实例。`;
}

function elsewhereMessage(shownAs: string, holder: LockHolder, file: string): string {
  return `内嵌数据库 ${shownAs} 已被另一台主机上的进程锁定（${describeHolder(holder)}），本机无法确认它是否仍在运行。如果它仍在运行，请先在主机 ${holder.host} 上停止它；如果那台主机已不再使用这个目录（已停用，或目录是从那里复制来的），请删除锁文件 ${file} 后再试。同一数据目录只能由一个进程打开。`;
}
