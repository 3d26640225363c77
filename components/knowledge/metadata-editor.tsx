"use client";

import { Plus, X } from "lucide-react";
import { useT } from "../i18n/i18n-provider";
import { Button } from "../ui/button";
import { Input } from "../ui/field";

export type MetadataRow = { key: string; value: string };

export function rowsToMetadata(rows: readonly MetadataRow[]): Record<string, string> {
  return Object.fromEntries(rows.filter((r) => r.key.trim() !== "").map((r) => [r.key.trim(), r.value]));
}

export function metadataToRows(metadata: Record<string, string>): MetadataRow[] {
  return Object.entries(metadata).map(([key, value]) => ({ key, value }));
}

/** Key/value rows for a document's metadata (retrieval can filter on them). */
export function MetadataEditor({ rows, onChange, disabled }: { rows: MetadataRow[]; onChange: (rows: MetadataRow[]) => void; disabled?: boolean }) {
  const t = useT();
  const set = (index: number, patch: Partial<MetadataRow>) => onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <div className="space-y-2">
      {rows.length === 0 && <p className="text-muted-foreground text-xs">{t("knowledge.metadata.empty")}</p>}
      {rows.map((row, index) => (
        <div key={index} className="flex items-center gap-2">
          <Input aria-label={t("knowledge.metadata.key")} placeholder={t("knowledge.metadata.key")} value={row.key} maxLength={100} disabled={disabled} onChange={(e) => set(index, { key: e.target.value })} />
          <Input aria-label={t("knowledge.metadata.value")} placeholder={t("knowledge.metadata.value")} value={row.value} maxLength={500} disabled={disabled} onChange={(e) => set(index, { value: e.target.value })} />
          <Button variant="ghost" size="icon" aria-label={t("knowledge.metadata.remove")} disabled={disabled} onClick={() => onChange(rows.filter((_, i) => i !== index))}>
            <X className="size-4" aria-hidden />
          </Button>
        </div>
      ))}
      <Button variant="ghost" size="sm" disabled={disabled || rows.length >= 20} onClick={() => onChange([...rows, { key: "", value: "" }])}>
        <Plus className="size-3.5" aria-hidden />
        {t("knowledge.metadata.add")}
      </Button>
    </div>
  );
}
