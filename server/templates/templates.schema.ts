import { z } from "zod";
import { commitImportInput } from "../dsl/dsl.service";

/** Marketplace categories (labels are translated in the UI). */
export const TEMPLATE_CATEGORIES = ["customer-service", "knowledge", "productivity", "data", "developer", "translation", "agent"] as const;
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number];

export const listTemplatesInput = z.object({
  search: z.string().trim().max(100).default(""),
  category: z.enum(TEMPLATE_CATEGORIES).optional(),
});

export const templateIdInput = z.object({ templateId: z.string().min(1) });

export const useTemplateInput = templateIdInput.extend({
  name: z.string().trim().min(1).max(80).optional(),
  mappings: commitImportInput.shape.mappings,
});

export const publishTemplateInput = z.object({
  appId: z.string().min(1),
  /** A published version; the draft when unset. */
  versionId: z.string().min(1).optional(),
  scope: z.enum(["workspace", "instance"]),
  name: z.string().trim().min(1, "Give the template a name").max(80, "The name is longer than 80 characters"),
  description: z.string().trim().max(500, "The description is longer than 500 characters").default(""),
  category: z.enum(TEMPLATE_CATEGORIES, "Pick a category"),
  tags: z.array(z.string().trim().min(1).max(30, "Tags are at most 30 characters")).max(10, "At most 10 tags").default([]),
});
