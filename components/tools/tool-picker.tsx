"use client";

import { useQuery } from "@tanstack/react-query";
import { useParams } from "next/navigation";
import { useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { Field, Select } from "../ui/field";
import type { RouterOutputs } from "../trpc/types";

export type ToolGroups = RouterOutputs["tools"]["list"];
export type ToolListing = ToolGroups[number]["tools"][number];

/** The workspace's tools from every source (for canvas panels, which know the workspace from the URL). */
export function useWorkspaceTools() {
  const trpc = useTRPC();
  const params = useParams<{ workspaceId?: string }>();
  const workspaceId = typeof params?.workspaceId === "string" ? params.workspaceId : "";
  return useQuery(trpc.tools.list.queryOptions({ workspaceId }, { enabled: workspaceId !== "", staleTime: 30_000 }));
}

export function findTool(groups: ToolGroups | undefined, ref: string): ToolListing | undefined {
  for (const group of groups ?? []) {
    const found = group.tools.find((tool) => tool.ref === ref);
    if (found) return found;
  }
  return undefined;
}

/**
 * A select of every tool grouped by source (built-in, each OpenAPI provider and MCP server,
 * offered workflows). A stored ref that is not available any more stays visible as missing.
 * `extraOptions` are appended (e.g. "workflow by id…").
 */
export function ToolSelect({
  label,
  value,
  onChange,
  disabled,
  error,
  hint,
  builtinLabel,
  extraOptions = [],
}: {
  label: string;
  value: string;
  onChange: (ref: string) => void;
  disabled?: boolean;
  error?: string;
  hint?: string;
  /** Localized names for built-ins (the node's own dictionary has them). */
  builtinLabel?: (name: string) => string;
  extraOptions?: { value: string; label: string }[];
}) {
  const t = useT();
  const tools = useWorkspaceTools();
  const groups = tools.data ?? [];
  const known = value === "" || extraOptions.some((o) => o.value === value) || findTool(groups, value) !== undefined;
  const groupLabel = (group: ToolGroups[number]) =>
    group.source === "builtin"
      ? t("tools.picker.builtin")
      : group.source === "workflow"
        ? t("tools.picker.workflows")
        : t(group.source === "openapi" ? "tools.picker.openapi" : "tools.picker.mcp", { provider: group.provider ?? "" });
  return (
    <Field label={label} error={error} hint={hint}>
      {(control) => (
        <Select {...control} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
          <option value="">{tools.isPending ? t("common.loading") : t("tools.picker.choose")}</option>
          {!known && <option value={value}>{t("tools.picker.missing", { ref: value })}</option>}
          {groups
            .filter((group) => group.tools.length > 0)
            .map((group) => (
              <optgroup key={`${group.source}:${group.provider ?? ""}`} label={groupLabel(group)}>
                {group.tools.map((tool) => (
                  <option key={tool.ref} value={tool.ref}>
                    {group.source === "builtin" && builtinLabel ? `${builtinLabel(tool.name)} (${tool.name})` : tool.label}
                  </option>
                ))}
              </optgroup>
            ))}
          {extraOptions.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </Select>
      )}
    </Field>
  );
}
