import type { MessageKey } from "../i18n/i18n-provider";

/** Mirrors TEMPLATE_CATEGORIES in server/templates/templates.schema.ts (the browser cannot import server code). */
export const TEMPLATE_CATEGORY_LABELS = {
  "customer-service": "marketplace.category.customer-service",
  knowledge: "marketplace.category.knowledge",
  productivity: "marketplace.category.productivity",
  data: "marketplace.category.data",
  developer: "marketplace.category.developer",
  translation: "marketplace.category.translation",
  agent: "marketplace.category.agent",
} as const satisfies Record<string, MessageKey>;

export type TemplateCategory = keyof typeof TEMPLATE_CATEGORY_LABELS;
export const TEMPLATE_CATEGORIES = Object.keys(TEMPLATE_CATEGORY_LABELS) as TemplateCategory[];

export function categoryLabel(category: string): MessageKey | null {
  return (TEMPLATE_CATEGORY_LABELS as Record<string, MessageKey>)[category] ?? null;
}
