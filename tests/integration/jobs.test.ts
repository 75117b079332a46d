import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/open-database.ts";
import { jobs } from "../../src/jobs/jobs.ts";
import { testConfig } from "../helpers/app.ts";
import { createTestDatabase } from "../helpers/database.ts";
import { createUser } from "../helpers/factories.ts";

let database: Database;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

describe("expired-sessions job", () => {
  it("deletes sessions past their expiry and keeps live ones", async () => {
    const user = await createUser(database.prisma, { role: "office" });
    const now = new Date("2026-03-02T08:00:00Z");
    await database.prisma.session.createMany({
      data: [
        { id: "old", userId: user.id, data: {}, expiresAt: new Date("2026-03-02T07:59:59Z") },
        { id: "live", userId: user.id, data: {}, expiresAt: new Date("2026-03-02T20:00:00Z") },
      ],
    });
    const job = jobs.find((j) => j.name === "expired-sessions")!;
    const ctx = {
      db: database.prisma,
      log: Fastify({ logger: false }).log,
      now,
      config: testConfig(),
      sender: null,
    };
    expect(await job.run(ctx)).toEqual({
      deleted: 1,
    });
    expect((await database.prisma.session.findMany()).map((s) => s.id)).toEqual(["live"]);
  });
});
