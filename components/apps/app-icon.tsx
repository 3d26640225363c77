import { BookOpen, Bot, Brain, Calendar, Code, Globe, Mail, MessageSquare, Search, ShoppingCart, Sparkles, Workflow, type LucideIcon } from "lucide-react";
import { cn } from "../ui/cn";

/** The icons an app can have (server/apps/apps.schema.ts APP_ICONS), by stored name. */
export const APP_ICON_COMPONENTS: Readonly<Record<string, LucideIcon>> = {
  bot: Bot,
  "message-square": MessageSquare,
  workflow: Workflow,
  sparkles: Sparkles,
  brain: Brain,
  "book-open": BookOpen,
  search: Search,
  code: Code,
  globe: Globe,
  mail: Mail,
  calendar: Calendar,
  "shopping-cart": ShoppingCart,
};

export function AppIcon({ icon, className }: { icon: string; className?: string }) {
  const Icon = APP_ICON_COMPONENTS[icon] ?? Bot;
  return (
    <span className={cn("bg-primary-soft text-primary flex size-9 shrink-0 items-center justify-center rounded-xl", className)}>
      <Icon className="size-[18px]" aria-hidden />
    </span>
  );
}
