"use client";

import { useT } from "../i18n/i18n-provider";
import { SegmentedControl } from "../models/segmented-control";
import { Checkbox } from "../ui/checkbox";
import { Field, Input } from "../ui/field";
import { Textarea } from "../ui/textarea";
import { separatorsToText, textToSeparators } from "./separators";
import type { ChunkSettings } from "./types";

/** Chunking settings of a document: mode, separators, sizes and cleanup rules. */
export function ChunkSettingsForm({ value, onChange, errors = {} }: { value: ChunkSettings; onChange: (value: ChunkSettings) => void; errors?: Record<string, string> }) {
  const t = useT();
  const set = <K extends keyof ChunkSettings>(key: K, v: ChunkSettings[K]) => onChange({ ...value, [key]: v });
  const number = (raw: string, fallback: number) => (raw === "" || Number.isNaN(Number(raw)) ? fallback : Math.round(Number(raw)));
  return (
    <div className="space-y-3">
      <SegmentedControl
        label={t("knowledge.chunking.mode")}
        value={value.mode}
        options={[
          { value: "general", label: t("knowledge.chunking.general") },
          { value: "parentChild", label: t("knowledge.chunking.parentChild") },
        ]}
        onChange={(mode) => set("mode", mode)}
      />
      <p className="text-muted-foreground text-xs">{value.mode === "general" ? t("knowledge.chunking.generalHint") : t("knowledge.chunking.parentChildHint")}</p>
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3">
        <Field label={value.mode === "general" ? t("knowledge.chunking.chunkSize") : t("knowledge.chunking.childSize")} error={errors.chunkSize}>
          {(control) => <Input {...control} type="number" min={50} max={4000} value={value.chunkSize} onChange={(e) => set("chunkSize", number(e.target.value, value.chunkSize))} />}
        </Field>
        <Field label={t("knowledge.chunking.overlap")} error={errors.chunkOverlap}>
          {(control) => <Input {...control} type="number" min={0} max={1000} value={value.chunkOverlap} onChange={(e) => set("chunkOverlap", number(e.target.value, value.chunkOverlap))} />}
        </Field>
        {value.mode === "parentChild" && (
          <Field label={t("knowledge.chunking.parentSize")} error={errors.parentSize}>
            {(control) => <Input {...control} type="number" min={200} max={8000} value={value.parentSize} onChange={(e) => set("parentSize", number(e.target.value, value.parentSize))} />}
          </Field>
        )}
      </div>
      <Field label={t("knowledge.chunking.separators")} hint={t("knowledge.chunking.separatorsHint")} error={errors.separators}>
        {(control) => (
          <Textarea
            {...control}
            rows={3}
            className="font-mono text-xs"
            defaultValue={separatorsToText(value.separators)}
            onChange={(e) => {
              const separators = textToSeparators(e.target.value);
              if (separators.length > 0) set("separators", separators);
            }}
          />
        )}
      </Field>
      <fieldset className="space-y-1.5">
        <legend className="mb-1 text-[13px] font-medium">{t("knowledge.chunking.cleanup")}</legend>
        {(["collapseWhitespace", "stripUrls", "stripEmails"] as const).map((rule) => (
          <Checkbox key={rule} checked={value.cleanup[rule]} label={t(`knowledge.chunking.${rule}`)} onCheckedChange={(on) => set("cleanup", { ...value.cleanup, [rule]: on })} />
        ))}
      </fieldset>
    </div>
  );
}
