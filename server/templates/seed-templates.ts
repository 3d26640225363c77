/**
 * Seeds the built-in templates from prisma/seed/templates: each `<slug>.yaml` is an app DSL file,
 * `catalog.yaml` gives its marketplace category and tags. Idempotent (upsert by slug; built-ins
 * whose file is gone are removed), run on every server start and by `npm run db:seed`.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import type { Db } from "../db";
import { parseDsl } from "../dsl/parse-dsl";
import { TEMPLATE_CATEGORIES } from "./templates.schema";

export const BUILTIN_TEMPLATES_DIR = path.join(process.cwd(), "prisma", "seed", "templates");

const catalogSchema = z.array(
  z.strictObject({
    slug: z.string().regex(/^[a-z0-9-]+$/),
    category: z.enum(TEMPLATE_CATEGORIES),
    tags: z.array(z.string().min(1).max(30)).max(10).default([]),
  }),
);

export interface BuiltinTemplateFile {
  slug: string;
  category: string;
  tags: string[];
  dsl: string;
}

export async function readBuiltinTemplates(dir = BUILTIN_TEMPLATES_DIR): Promise<BuiltinTemplateFile[]> {
  const catalog = catalogSchema.parse(parseYaml(await readFile(path.join(dir, "catalog.yaml"), "utf8")));
  return Promise.all(catalog.map(async (entry) => ({ ...entry, dsl: await readFile(path.join(dir, `${entry.slug}.yaml`), "utf8") })));
}

export async function seedBuiltinTemplates(db: Db, dir = BUILTIN_TEMPLATES_DIR): Promise<{ seeded: number }> {
  const files = await readBuiltinTemplates(dir);
  // Parse all first: a broken file fails the seed before anything is written.
  const parsed = files.map((file) => {
    try {
      return { file, document: parseDsl(file.dsl).document };
    } catch (error) {
      throw new Error(`Built-in template ${file.slug}.yaml: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  await db.$transaction(async (tx) => {
    for (const { file, document } of parsed) {
      const data = {
        name: document.app.name,
        description: document.app.description,
        category: file.category,
        tags: file.tags,
        icon: document.app.icon,
        mode: document.app.mode,
        dsl: file.dsl,
        authorName: "Agentloom",
      };
      await tx.template.upsert({ where: { slug: file.slug }, create: { slug: file.slug, scope: "builtin", ...data }, update: data });
    }
    await tx.template.deleteMany({ where: { scope: "builtin", slug: { notIn: files.map((f) => f.slug) } } });
  });
  return { seeded: files.length };
}
