import { createMigration } from "./schema-engine.ts";
const t = Date.now();
console.log(await createMigration("init"));
console.log("ms", Date.now() - t);
