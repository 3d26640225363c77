"use client";

import { Boxes, BookOpen, Wrench } from "lucide-react";
import { useT, type MessageKey } from "../i18n/i18n-provider";
import type { RouterOutputs } from "../trpc/types";
import { Badge } from "../ui/badge";
import { Select } from "../ui/field";

export type ImportReport = RouterOutputs["dsl"]["analyzeImport"];
export type ImportReference = ImportReport["references"][number];
type Kind = ImportReference["kind"];

/** Select values: a resource id, OMIT (leave it out; only where the nodes allow), or "" (not chosen yet). */
export const OMIT = "__omit__";
export type MappingState = Record<string, string>;

const keyOf = (ref: Pick<ImportReference, "kind" | "name">) => `${ref.kind}\u0000${ref.name}`;

const KIND_LABEL: Record<Kind, MessageKey> = { model: "dsl.kind.model", knowledgeBase: "dsl.kind.knowledgeBase", tool: "dsl.kind.tool" };
const KIND_ICON = { model: Boxes, knowledgeBase: BookOpen, tool: Wrench } as const;

/** What each reference maps to when the dialog opens: the name match, else "leave out" when allowed. */
export function initialMapping(references: readonly ImportReference[]): MappingState {
  return Object.fromEntries(references.map((ref) => [keyOf(ref), ref.matched?.id ?? (ref.required ? "" : OMIT)]));
}

export function mappingsFor(references: readonly ImportReference[], state: MappingState) {
  return references.flatMap((ref) => {
    const value = state[keyOf(ref)] ?? "";
    if (value === "") return [];
    return [{ kind: ref.kind, name: ref.name, target: value === OMIT ? null : value }];
  });
}

/** References that still need a choice before importing. */
export function unmappedRequired(references: readonly ImportReference[], state: MappingState): ImportReference[] {
  return references.filter((ref) => ref.required && (state[keyOf(ref)] ?? "") === "");
}

/** One row per model, knowledge base or tool the file names: what it is called there, what to use here. */
export function ReferenceMapping({ references, value, onChange }: { references: readonly ImportReference[]; value: MappingState; onChange: (next: MappingState) => void }) {
  const t = useT();
  if (references.length === 0) return <p className="text-muted-foreground text-[13px]">{t("dsl.mapping.none")}</p>;
  return (
    <ul aria-label={t("dsl.mapping.title")} className="divide-border border-border divide-y rounded-lg border">
      {references.map((ref) => {
        const key = keyOf(ref);
        const Icon = KIND_ICON[ref.kind];
        const selected = value[key] ?? "";
        const missing = ref.matched === null;
        return (
          <li key={key} className="flex flex-col gap-2 p-3 sm:flex-row sm:items-center">
            <div className="min-w-0 flex-1">
              <div className="flex items-center gap-2">
                <Icon className="text-muted-foreground size-4 shrink-0" aria-hidden />
                <span className="truncate text-sm font-medium">{ref.name}</span>
                <Badge tone={missing ? "warning" : "success"}>{missing ? t("dsl.mapping.missing") : t("dsl.mapping.found")}</Badge>
              </div>
              <p className="text-muted-foreground mt-0.5 text-xs">
                {t(KIND_LABEL[ref.kind])} · {t("dsl.mapping.usedBy", { nodes: ref.usedBy.join(", ") })}
              </p>
            </div>
            <Select
              aria-label={t("dsl.mapping.selectLabel", { name: ref.name })}
              className="sm:w-64"
              value={selected}
              invalid={ref.required && selected === ""}
              onChange={(event) => onChange({ ...value, [key]: event.target.value })}
            >
              {selected === "" && <option value="">{t("dsl.mapping.choose")}</option>}
              {!ref.required && <option value={OMIT}>{ref.kind === "model" ? t("dsl.mapping.useDefault") : t("dsl.mapping.leaveOut")}</option>}
              {ref.candidates.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.name}
                </option>
              ))}
            </Select>
          </li>
        );
      })}
    </ul>
  );
}
