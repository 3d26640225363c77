/**
 * `npm run db:seed`: writes the built-in marketplace templates (prisma/seed/templates) into the
 * database named by DATABASE_URL. The server does the same on every start; this is for
 * databases prepared ahead of time.
 */
import { createDb } from "../server/db";
import { seedBuiltinTemplates } from "../server/templates/seed-templates";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set.");
  process.exit(1);
}
const db = createDb(url, 2);
const { seeded } = await seedBuiltinTemplates(db);
console.log(`Seeded ${seeded} built-in templates.`);
await db.$disconnect();
