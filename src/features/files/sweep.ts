// Files no row refers to. Evidence is moved into DATA_DIR/files before the transaction that records it commits
// (the row needs the path), so a process killed in between leaves a file behind; a crash mid-upload leaves one in
// DATA_DIR/tmp. Only files older than a day go, so a request still running is never robbed of its file.
import { readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Db } from "../../db/open-database.ts";
import { findStoredPaths } from "./repository.ts";

const dayMs = 86_400_000;
const batch = 500;

/** Paths (relative to DATA_DIR) of the regular files under `dir`, with their modification times. */
async function filesUnder(dataDir: string, dir: string): Promise<{ relative: string; mtimeMs: number }[]> {
  const entries = await readdir(path.join(dataDir, dir), { recursive: true, withFileTypes: true }).catch(
    () => [],
  );
  const found = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const absolute = path.join(entry.parentPath, entry.name);
    const { mtimeMs } = await stat(absolute);
    found.push({ relative: path.relative(dataDir, absolute), mtimeMs });
  }
  return found;
}

export async function sweepOrphanFiles(db: Db, dataDir: string, now: Date): Promise<{ removed: number }> {
  const before = now.getTime() - dayMs;
  let removed = 0;
  for (const file of await filesUnder(dataDir, "tmp")) {
    if (file.mtimeMs >= before) continue;
    await rm(path.join(dataDir, file.relative), { force: true });
    removed++;
  }
  const old = (await filesUnder(dataDir, "files")).filter((f) => f.mtimeMs < before);
  for (let i = 0; i < old.length; i += batch) {
    // Stored paths use "/" whatever the platform, as evidence.ts writes them with path.join on Linux.
    const paths = old.slice(i, i + batch).map((f) => f.relative.split(path.sep).join("/"));
    const kept = await findStoredPaths(db, paths);
    for (const relative of paths) {
      if (kept.has(relative)) continue;
      await rm(path.join(dataDir, relative), { force: true });
      removed++;
    }
  }
  return { removed };
}
