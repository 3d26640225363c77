"use client";

import type { ReactNode } from "react";
import { useT } from "../i18n/i18n-provider";
import { ChunkPreview, type PreviewSource } from "./chunk-preview";
import { ChunkSettingsForm } from "./chunk-settings-form";
import type { ChunkSettings } from "./types";

/** Chunk settings beside the live preview of what they produce (`below` goes under the settings). */
export function ChunkingSection({
  knowledgeBaseId,
  source,
  settings,
  onChange,
  below,
}: {
  knowledgeBaseId: string;
  source: PreviewSource;
  settings: ChunkSettings;
  onChange: (settings: ChunkSettings) => void;
  below?: ReactNode;
}) {
  const t = useT();
  return (
    <div className="grid gap-5 md:grid-cols-2">
      <section className="space-y-3">
        <h3 className="text-sm font-semibold">{t("knowledge.chunking.title")}</h3>
        <ChunkSettingsForm value={settings} onChange={onChange} />
        {below}
      </section>
      <section className="space-y-2">
        <h3 className="text-sm font-semibold">{t("knowledge.preview.title")}</h3>
        <ChunkPreview knowledgeBaseId={knowledgeBaseId} source={source} settings={settings} />
      </section>
    </div>
  );
}
