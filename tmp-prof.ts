import { db } from "./server/db";
import { Prisma } from "./server/generated/prisma/client";
import { searchKeywords } from "./server/knowledge/chunk-store";
async function t<T>(label: string, f: () => Promise<T>, n = 20) {
  const s: number[] = [];
  for (let i = 0; i < n; i++) { const a = performance.now(); await f(); s.push(performance.now() - a); }
  s.sort((a, b) => a - b);
  console.log(label, s[Math.floor(n / 2)]!.toFixed(1), "ms");
}
const kb = await db().knowledgeBase.findFirstOrThrow({ where: { name: "bench-search" }, orderBy: { createdAt: "desc" } });
await t("select 1", () => db().$queryRaw`SELECT 1`);
await t("findMany kb", () => db().knowledgeBase.findMany({ where: { id: { in: [kb.id] } } }));
const filter = Prisma.sql`c."knowledgeBaseId" = ${kb.id} AND c.enabled AND d.enabled AND d.status = 'indexed' AND c.version = d.version`;
await t("keyword", () => searchKeywords(db(), "agent 知识 refund", 40, filter));
await t("tx noop", () => db().$transaction(async (tx) => { await tx.$executeRawUnsafe("SET LOCAL hnsw.ef_search = 100"); }));
process.exit(0);
