// The district both database benchmarks seed: 200 units (基准单位1…200, each with a contact address) and 10 leaders
// (领导1…10), written with set-based SQL (generate_series) so that seeding is not what a benchmark measures.
import type { Db } from "../src/db/open-database.ts";

export const benchUnits = 200;

export async function seedDistrict(db: Db): Promise<void> {
  await db.$executeRawUnsafe(`
    INSERT INTO units (name, kind, contact_emails, updated_at)
    SELECT '基准单位' || g, 'bureau', ARRAY['unit' || g || '@bench.example'], now() FROM generate_series(1, ${benchUnits}) g`);
  await db.$executeRawUnsafe(`
    INSERT INTO users (username, name, email, role, password_hash, updated_at)
    SELECT 'leader' || g, '领导' || g, 'leader' || g || '@bench.example', 'leader', 'x', now() FROM generate_series(1, 10) g`);
}
