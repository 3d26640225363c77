import { Bot, Braces, Code, FileText, Flag, GitBranch, Globe, Library, Merge, MessageSquareText, Play, RefreshCw, Repeat, Shield, Sparkles, Split, Square, Wrench, type LucideIcon } from "lucide-react";

/** Definitions name their icon (they stay free of JSX); the canvas draws it. */
const ICONS: Readonly<Record<string, LucideIcon>> = {
  bot: Bot,
  braces: Braces,
  code: Code,
  "file-text": FileText,
  flag: Flag,
  "git-branch": GitBranch,
  globe: Globe,
  library: Library,
  merge: Merge,
  "message-square-text": MessageSquareText,
  play: Play,
  "refresh-cw": RefreshCw,
  repeat: Repeat,
  shield: Shield,
  sparkles: Sparkles,
  split: Split,
  wrench: Wrench,
};

export function nodeIcon(name: string | undefined): LucideIcon {
  return (name && ICONS[name]) || Square;
}

/** Accent per category, so a glance at the canvas tells inputs, models and logic apart. */
export const CATEGORY_ACCENT: Readonly<Record<string, string>> = {
  io: "bg-sky-500",
  model: "bg-violet-500",
  logic: "bg-amber-500",
  transform: "bg-emerald-500",
  knowledge: "bg-teal-500",
  tool: "bg-rose-500",
  container: "bg-indigo-500",
};
