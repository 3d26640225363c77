import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
for (const ext of [false, true, false, true]) {
  const t = Date.now();
  const db = await PGlite.create(ext ? { extensions: { vector } } : {});
  console.log(ext, Date.now() - t);
  await db.close();
}
