"use client";

import { ArrowDown, ArrowUp, X } from "lucide-react";
import { useT } from "../i18n/i18n-provider";
import { Button } from "../ui/button";
import { Select } from "../ui/field";
import type { Model } from "./types";

const MAX_FALLBACKS = 5;

/** The ordered models tried when every endpoint of this one fails; all of the same kind. */
export function FallbacksEditor({ value, onChange, candidates }: { value: string[]; onChange: (ids: string[]) => void; candidates: Model[] }) {
  const t = useT();
  const byId = new Map(candidates.map((m) => [m.id, m]));
  const addable = candidates.filter((m) => !value.includes(m.id));
  const move = (index: number, by: -1 | 1) => {
    const next = [...value];
    const [item] = next.splice(index, 1);
    if (item === undefined) return;
    next.splice(index + by, 0, item);
    onChange(next);
  };

  return (
    <div className="space-y-2">
      {value.length > 0 && (
        <ol aria-label={t("models.form.fallbacks")} className="border-border divide-border divide-y rounded-lg border">
          {value.map((id, index) => {
            const model = byId.get(id);
            const label = model?.displayName ?? t("models.form.fallbackMissing");
            return (
              <li key={id} className="flex items-center gap-2 py-1.5 pr-1.5 pl-3">
                <span className="text-subtle w-4 text-xs tabular-nums">{index + 1}</span>
                <span className="min-w-0 flex-1 truncate text-[13px]">
                  <span className="text-foreground font-medium">{label}</span>
                  {model && <span className="text-muted-foreground ml-2 font-mono text-xs">{model.name}</span>}
                </span>
                <Button variant="ghost" size="icon" className="size-7" disabled={index === 0} onClick={() => move(index, -1)} aria-label={t("models.form.moveUp", { name: label })} title={t("models.form.moveUp", { name: label })}>
                  <ArrowUp className="size-4" aria-hidden />
                </Button>
                <Button variant="ghost" size="icon" className="size-7" disabled={index === value.length - 1} onClick={() => move(index, 1)} aria-label={t("models.form.moveDown", { name: label })} title={t("models.form.moveDown", { name: label })}>
                  <ArrowDown className="size-4" aria-hidden />
                </Button>
                <Button variant="ghost" size="icon" className="size-7" onClick={() => onChange(value.filter((v) => v !== id))} aria-label={t("models.form.removeFallback", { name: label })} title={t("models.form.removeFallback", { name: label })}>
                  <X className="size-4" aria-hidden />
                </Button>
              </li>
            );
          })}
        </ol>
      )}
      {value.length < MAX_FALLBACKS &&
        (addable.length > 0 ? (
          <Select
            aria-label={t("models.form.addFallback")}
            value=""
            onChange={(e) => {
              if (e.target.value) onChange([...value, e.target.value]);
            }}
          >
            <option value="">{t("models.form.addFallback")}</option>
            {addable.map((m) => (
              <option key={m.id} value={m.id}>
                {m.displayName} ({m.name})
              </option>
            ))}
          </Select>
        ) : (
          value.length === 0 && <p className="text-muted-foreground text-xs">{t("models.form.noFallbackCandidates")}</p>
        ))}
    </div>
  );
}
