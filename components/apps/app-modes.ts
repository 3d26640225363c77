import { Bot, MessagesSquare, Workflow, type LucideIcon } from "lucide-react";
import type { MessageKey } from "../i18n/i18n-provider";
import type { RouterOutputs } from "../trpc/types";

export type AppSummary = RouterOutputs["apps"]["list"][number];
export type AppMode = AppSummary["mode"];

/**
 * The app types the apps page offers, in order. A new type (the assistant) is one more entry
 * here: the create dialog, the filter and the cards read this list.
 */
export const APP_MODE_INFO: readonly { mode: AppMode; icon: LucideIcon; label: MessageKey; description: MessageKey }[] = [
  { mode: "chatflow", icon: MessagesSquare, label: "apps.mode.chatflow", description: "apps.mode.chatflowText" },
  { mode: "workflow", icon: Workflow, label: "apps.mode.workflow", description: "apps.mode.workflowText" },
  { mode: "assistant", icon: Bot, label: "apps.mode.assistant", description: "apps.mode.assistantText" },
];

export function modeInfo(mode: AppMode) {
  return APP_MODE_INFO.find((m) => m.mode === mode) ?? APP_MODE_INFO[0]!;
}
