import type { Db } from "../../db/open-database.ts";

/** Which of these storage paths a row still refers to. */
export async function findStoredPaths(db: Db, storagePaths: string[]): Promise<Set<string>> {
  const rows = await db.attachment.findMany({
    where: { storagePath: { in: storagePaths } },
    select: { storagePath: true },
  });
  return new Set(rows.map((r) => r.storagePath));
}
