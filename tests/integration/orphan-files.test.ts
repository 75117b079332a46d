// A crash between storing an evidence file and committing its row, or in the middle of an upload, leaves files no
// row refers to; the daily sweep removes them once they are a day old, and never a file a row still names.
import { mkdir, mkdtemp, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/open-database.ts";
import { jobs } from "../../src/jobs/jobs.ts";
import { testConfig } from "../helpers/app.ts";
import { createTestDatabase } from "../helpers/database.ts";
import { createTask, createUnit, createUser } from "../helpers/factories.ts";

let database: Database;
let dataDir: string;
const now = new Date("2026-11-24T02:00:00Z");

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = await mkdtemp(path.join(tmpdir(), "duban-sweep-"));
});
afterAll(async () => {
  await database.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function file(relative: string, ageHours: number) {
  const absolute = path.join(dataDir, relative);
  await mkdir(path.dirname(absolute), { recursive: true });
  await writeFile(absolute, "%PDF-1.4\n");
  const at = new Date(now.getTime() - ageHours * 3_600_000);
  await utimes(absolute, at, at);
}

const exists = (relative: string) =>
  stat(path.join(dataDir, relative)).then(
    () => true,
    () => false,
  );

describe("orphan files", () => {
  it("removes day-old files no attachment names, and keeps the rest", async () => {
    const db = database.prisma;
    const unit = await createUnit(db);
    const user = await createUser(db, { role: "unit", unitId: unit.id });
    const task = await createTask(db, { leadUnitId: unit.id });
    const kept = "files/2026-11/8c1f6b8e-kept";
    await db.attachment.create({
      data: {
        taskId: task.id,
        fileName: "验收报告.pdf",
        mimeType: "application/pdf",
        size: 9,
        sha256: "0".repeat(64),
        storagePath: kept,
        uploadedById: user.id,
      },
    });
    await file(kept, 72);
    await file("files/2026-11/orphan-old", 30);
    await file("files/2026-11/orphan-new", 2);
    await file("tmp/upload-old", 30);
    await file("tmp/upload-new", 1);

    const job = jobs.find((j) => j.name === "orphan-files")!;
    const config = testConfig({ DATA_DIR: dataDir });
    const result = await job.run({ db, now, config, sender: null, log: console as never });
    expect(result).toEqual({ removed: 2 });
    expect(await exists(kept)).toBe(true);
    expect(await exists("files/2026-11/orphan-old")).toBe(false);
    expect(await exists("files/2026-11/orphan-new")).toBe(true);
    expect(await exists("tmp/upload-old")).toBe(false);
    expect(await exists("tmp/upload-new")).toBe(true);

    // A second run finds nothing more to do.
    expect(await job.run({ db, now, config, sender: null, log: console as never })).toEqual({ removed: 0 });
  });
});
