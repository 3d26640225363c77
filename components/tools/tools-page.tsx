"use client";

import { useState } from "react";
import { useT } from "../i18n/i18n-provider";
import type { MessageKey } from "@/server/i18n/messages/en";
import { cn } from "../ui/cn";
import { roleAtLeast } from "../workspace/roles";
import { useWorkspace } from "../workspace/workspace-context";
import { BuiltinTools } from "./builtin-tools";
import { McpEndpoints } from "./mcp-endpoints";
import { ProviderList } from "./provider-list";
import { WorkflowTools } from "./workflow-tools";

type Tab = "builtin" | "openapi" | "mcp" | "workflows" | "serve";

/** The Tools page: built-ins, custom OpenAPI tools, MCP servers, workflows as tools, and apps served over MCP. */
export function ToolsPage() {
  const t = useT();
  const { workspace } = useWorkspace();
  const [tab, setTab] = useState<Tab>("builtin");
  const tabs: { id: Tab; label: MessageKey }[] = [
    { id: "builtin", label: "tools.tabs.builtin" },
    { id: "openapi", label: "tools.tabs.openapi" },
    { id: "mcp", label: "tools.tabs.mcp" },
    { id: "workflows", label: "tools.tabs.workflows" },
    // Endpoint settings are an editor's; viewers cannot change or see them.
    ...(roleAtLeast(workspace.role, "editor") ? [{ id: "serve" as const, label: "tools.tabs.serve" as const }] : []),
  ];
  return (
    <div>
      <div role="tablist" aria-label={t("tools.title")} className="border-border mb-6 flex gap-1 overflow-x-auto border-b">
        {tabs.map((item) => (
          <button
            key={item.id}
            type="button"
            role="tab"
            aria-selected={tab === item.id}
            onClick={() => setTab(item.id)}
            className={cn(
              "-mb-px h-10 border-b-2 px-3 text-sm font-medium whitespace-nowrap",
              tab === item.id ? "border-primary text-primary" : "text-muted-foreground hover:text-foreground border-transparent",
            )}
          >
            {t(item.label)}
          </button>
        ))}
      </div>
      <div role="tabpanel">
        {tab === "builtin" && <BuiltinTools />}
        {tab === "openapi" && <ProviderList kind="openapi" />}
        {tab === "mcp" && <ProviderList kind="mcp" />}
        {tab === "workflows" && <WorkflowTools />}
        {tab === "serve" && <McpEndpoints />}
      </div>
    </div>
  );
}
