"use client";

/**
 * The node type's own settings form. Loaded on demand (the side panel imports it lazily): the
 * forms of every node type, with CodeMirror among them, are not needed to open the canvas.
 */
import { nodePanels } from "@/nodes/panels";
import type { NodePanelProps } from "@/nodes/panel-props";
import { useT } from "../i18n/i18n-provider";
import { Alert } from "../ui/alert";

export default function NodeSettingsForm({ type, ...props }: NodePanelProps<Record<string, unknown>> & { type: string }) {
  const t = useT();
  const Panel = nodePanels[type];
  if (!Panel) return <Alert>{t("canvas.panel.unknownType", { type })}</Alert>;
  return <Panel {...props} />;
}
