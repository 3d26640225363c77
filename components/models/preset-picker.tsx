"use client";

import { ChevronRight } from "lucide-react";
import { useT } from "../i18n/i18n-provider";
import { WorkspaceAvatar } from "../workspace/workspace-avatar";
import { PRESET_ORDER, presetDescription, presetLabel } from "./presets";
import type { PresetId } from "./types";

/** The first step of "Add provider": which kind of OpenAI-compatible server this is. */
export function PresetPicker({ onPick }: { onPick: (preset: PresetId) => void }) {
  const t = useT();
  return (
    <ul aria-label={t("providers.form.presetLabel")} className="grid gap-2 sm:grid-cols-2">
      {PRESET_ORDER.map((preset) => (
        <li key={preset}>
          <button
            type="button"
            onClick={() => onPick(preset)}
            className="border-border hover:border-primary/50 hover:bg-primary-soft/40 focus-visible:ring-ring group flex w-full items-center gap-3 rounded-xl border p-3 text-left transition-colors focus-visible:ring-3 focus-visible:outline-none"
          >
            <WorkspaceAvatar id={preset} name={presetLabel(preset, t)} className="size-9 rounded-lg text-sm" />
            <span className="min-w-0 flex-1">
              <span className="text-foreground block text-sm font-medium">{presetLabel(preset, t)}</span>
              <span className="text-muted-foreground block truncate text-xs">{presetDescription(preset, t)}</span>
            </span>
            <ChevronRight className="text-subtle group-hover:text-primary size-4 shrink-0" aria-hidden />
          </button>
        </li>
      ))}
    </ul>
  );
}
