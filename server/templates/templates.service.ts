/**
 * Marketplace templates: built-in ones (seeded from prisma/seed/templates), instance-wide ones
 * published by instance admins, and workspace ones visible only inside their workspace.
 * "Use template" goes through the DSL import (same mapping rules, same transaction).
 */
import type { z } from "zod";
import type { Db } from "../db";
import { AppError, notFound } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { analyzeImport, exportAppDsl, importDocument } from "../dsl/dsl.service";
import { parseDsl } from "../dsl/parse-dsl";
import { isInstanceAdmin } from "./instance-admin";
import type { listTemplatesInput, publishTemplateInput, useTemplateInput } from "./templates.schema";

export interface TemplateActor {
  workspaceId: string;
  user: { id: string; email: string; name: string };
  /** The user's role allows managing the workspace (admin or owner). */
  workspaceAdmin: boolean;
}

/** Built-in and instance templates are everyone's; a workspace template only its workspace's. */
const visibleTo = (workspaceId: string): Prisma.TemplateWhereInput => ({
  OR: [{ scope: { in: ["builtin", "instance"] } }, { scope: "workspace", workspaceId }],
});

const summary = {
  id: true,
  slug: true,
  scope: true,
  name: true,
  description: true,
  category: true,
  tags: true,
  icon: true,
  mode: true,
  authorId: true,
  authorName: true,
  createdAt: true,
} as const;

export async function listTemplates(db: Db, workspaceId: string, input: z.output<typeof listTemplatesInput>) {
  const search = input.search;
  const rows = await db.template.findMany({
    where: {
      AND: [
        visibleTo(workspaceId),
        input.category ? { category: input.category } : {},
        search
          ? {
              OR: [
                { name: { contains: search, mode: "insensitive" } },
                { description: { contains: search, mode: "insensitive" } },
                { tags: { has: search.toLowerCase() } },
              ],
            }
          : {},
      ],
    },
    // Built-ins first (the curated set), then what people published, newest first.
    orderBy: [{ scope: "asc" }, { createdAt: "desc" }, { name: "asc" }],
    select: summary,
  });
  return rows;
}

async function findVisible(db: Db, workspaceId: string, templateId: string) {
  const template = await db.template.findFirst({ where: { AND: [{ id: templateId }, visibleTo(workspaceId)] } });
  if (!template) throw notFound("Template");
  return template;
}

/** The template with its graph (for the read-only canvas preview) and what it needs. */
export async function getTemplate(db: Db, workspaceId: string, templateId: string) {
  const template = await findVisible(db, workspaceId, templateId);
  const report = await analyzeImport(db, workspaceId, { dsl: template.dsl });
  const { document } = parseDsl(template.dsl);
  const { dsl: _dsl, workspaceId: _ws, ...rest } = template;
  return { ...rest, graph: document.graph, report };
}

export async function useTemplate(db: Db, actor: { workspaceId: string; userId: string }, input: z.output<typeof useTemplateInput>) {
  const template = await findVisible(db, actor.workspaceId, input.templateId);
  const { document } = parseDsl(template.dsl);
  return importDocument(db, actor, document, { type: "new", name: input.name }, input.mappings);
}

export async function publishTemplate(db: Db, actor: TemplateActor, input: z.output<typeof publishTemplateInput>) {
  if (input.scope === "instance" && !(await isInstanceAdmin(db, actor.user))) {
    throw new AppError("FORBIDDEN", "Only instance admins can publish templates to every workspace; publish it to this workspace instead.");
  }
  // Exporting strips secrets and replaces ids with names, exactly like a DSL download.
  const exported = await exportAppDsl(db, actor.workspaceId, { appId: input.appId, versionId: input.versionId });
  const { document } = parseDsl(exported.yaml);
  return db.template.create({
    data: {
      scope: input.scope,
      workspaceId: input.scope === "workspace" ? actor.workspaceId : null,
      name: input.name,
      description: input.description || document.app.description,
      category: input.category,
      tags: [...new Set(input.tags.map((t) => t.toLowerCase()))],
      icon: document.app.icon,
      mode: document.app.mode,
      dsl: exported.yaml,
      authorId: actor.user.id,
      authorName: actor.user.name,
    },
    select: summary,
  });
}

/**
 * Built-ins cannot be removed here (they come back on the next seed). A workspace template: its
 * author or a workspace admin. An instance template: its author or an instance admin.
 */
export async function unpublishTemplate(db: Db, actor: TemplateActor, templateId: string): Promise<{ id: string }> {
  const template = await findVisible(db, actor.workspaceId, templateId);
  if (template.scope === "builtin") throw new AppError("FORBIDDEN", "Built-in templates ship with Agentloom and cannot be unpublished.");
  const isAuthor = template.authorId === actor.user.id;
  const allowed = template.scope === "workspace" ? isAuthor || actor.workspaceAdmin : isAuthor || (await isInstanceAdmin(db, actor.user));
  if (!allowed) throw new AppError("FORBIDDEN", "Only the template's author or an admin can unpublish it.");
  await db.template.delete({ where: { id: template.id } });
  return { id: template.id };
}

export async function canPublishToInstance(db: Db, user: { id: string; email: string }) {
  return { instance: await isInstanceAdmin(db, user) };
}
