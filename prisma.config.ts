import { defineConfig } from "prisma/config";

// The URL is only for Prisma's own CLI on machines that can run its engine; the app opens the database
// through src/db/open-database.ts and applies migrations itself.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  ...(process.env.DATABASE_URL?.startsWith("postgres")
    ? { datasource: { url: process.env.DATABASE_URL } }
    : {}),
});
