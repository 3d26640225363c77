"use client";

/**
 * Panel fields every model-based node shares: the model picker over the workspace's chat
 * models, sampling parameters, the memory window and the JSON mode. One place, so the llm,
 * classifier, extractor and agent panels behave alike.
 */
import { useQuery } from "@tanstack/react-query";
import { useParams } from "next/navigation";
import { useT } from "@/components/i18n/i18n-provider";
import { NumberField, PanelSection, SelectField, SwitchField, TemplateField, problemAt } from "@/components/node-panel/fields";
import type { UpstreamVariable } from "../panel-props";
import { useNodeMessages } from "@/components/node-panel/use-node-messages";
import { useTRPC } from "@/components/trpc/react";
import { errorMessage } from "@/components/trpc/errors";
import { Field, Select } from "@/components/ui/field";
import type { ConfigProblem } from "../node-definition";
import { llmMessages } from "./messages";
import { MEMORY_WINDOW_MAX, type CompletionParams, type JsonMode, type Memory, type ModelSettings } from "./model-settings";

export type ModelCapability = "tools" | "vision" | "json";

const CAPABILITY_FLAG = { tools: "supportsTools", vision: "supportsVision", json: "supportsJson" } as const;
const CAPABILITY_MESSAGE = { tools: "model.lacksTools", vision: "model.lacksVision", json: "model.lacksJson" } as const;

function useWorkspaceId(): string | undefined {
  const params = useParams<{ workspaceId?: string }>();
  const id = params?.workspaceId;
  return typeof id === "string" && id !== "" ? id : undefined;
}

/**
 * Model and sampling parameters. `requires` names features the node's current config uses, so
 * the panel warns when the picked model is not marked as having them.
 */
export function ModelSection<C extends ModelSettings>({
  config,
  onChange,
  problems,
  readOnly,
  requires = [],
  defaults = {},
}: {
  config: C;
  onChange: (config: C) => void;
  problems: readonly ConfigProblem[];
  readOnly?: boolean;
  requires?: readonly ModelCapability[];
  /** Parameters the node's executor uses when the author leaves them empty (shown in hints). */
  defaults?: CompletionParams;
}) {
  const t = useNodeMessages(llmMessages);
  const appT = useT();
  const trpc = useTRPC();
  const workspaceId = useWorkspaceId();
  const input = { workspaceId: workspaceId ?? "" };
  const models = useQuery(trpc.models.list.queryOptions({ ...input, kind: "chat" }, { enabled: workspaceId !== undefined }));
  const workspaceDefaults = useQuery(trpc.models.defaults.queryOptions(input, { enabled: workspaceId !== undefined }));

  const list = models.data ?? [];
  const selectedId = config.model;
  const selected = selectedId === undefined ? undefined : list.find((m) => m.id === selectedId);
  const defaultModel = list.find((m) => m.id === workspaceDefaults.data?.chat);
  const effective = selected ?? (selectedId === undefined ? defaultModel : undefined);
  const params = config.completionParams;
  const setParams = (next: Partial<CompletionParams>) => onChange({ ...config, completionParams: { ...params, ...next } });

  let hint: string | undefined;
  if (models.isPending && workspaceId !== undefined) hint = t("model.loading");
  else if (models.isError) hint = t("model.loadError", { message: errorMessage(models.error, appT) });
  else if (models.isSuccess && list.length === 0) hint = t("model.noneRegistered");
  else if (selectedId !== undefined && models.isSuccess && !selected) hint = t("model.unknownHint");
  else if (selected && !selected.enabled) hint = t("model.disabledHint");
  else if (selectedId === undefined && workspaceDefaults.isSuccess && !workspaceDefaults.data.chat) hint = t("model.noDefault");
  else if (effective) {
    const missing = requires.filter((c) => !effective[CAPABILITY_FLAG[c]]);
    if (missing.length > 0) hint = missing.map((c) => t(CAPABILITY_MESSAGE[c])).join(" ");
  }

  const fallback = (value: number | undefined) => (value === undefined ? t("params.providerDefault") : t("params.nodeDefault", { value }));

  return (
    <PanelSection title={t("model.section")}>
      <Field label={t("model.label")} error={problemAt(problems, "model")} hint={hint}>
        {(control) => (
          <Select
            {...control}
            className="nodrag"
            value={selectedId ?? ""}
            disabled={readOnly}
            onChange={(e) => onChange({ ...config, model: e.target.value === "" ? undefined : e.target.value })}
          >
            <option value="">{defaultModel ? t("model.workspaceDefaultNamed", { name: defaultModel.displayName }) : t("model.workspaceDefault")}</option>
            {selectedId !== undefined && models.isSuccess && !selected && <option value={selectedId}>{t("model.unknown", { id: selectedId })}</option>}
            {list.map((m) => (
              <option key={m.id} value={m.id}>
                {m.enabled ? m.displayName : t("model.disabled", { name: m.displayName })}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <div className="grid grid-cols-3 gap-2">
        <NumberField
          label={t("params.temperature")}
          value={params.temperature}
          min={0}
          max={2}
          step={0.1}
          disabled={readOnly}
          error={problemAt(problems, "completionParams.temperature")}
          onChange={(temperature) => setParams({ temperature })}
        />
        <NumberField
          label={t("params.topP")}
          value={params.topP}
          min={0}
          max={1}
          step={0.05}
          disabled={readOnly}
          error={problemAt(problems, "completionParams.topP")}
          onChange={(topP) => setParams({ topP })}
        />
        <NumberField
          label={t("params.maxTokens")}
          value={params.maxTokens}
          min={1}
          step={1}
          disabled={readOnly}
          error={problemAt(problems, "completionParams.maxTokens")}
          onChange={(maxTokens) => setParams({ maxTokens })}
        />
      </div>
      <p className="text-muted-foreground text-xs">
        {t("params.temperatureHint", { fallback: fallback(defaults.temperature) })} {t("params.topPHint")} {t("params.maxTokensHint")}
      </p>
    </PanelSection>
  );
}

/** The chat memory switch and window, for nodes with a `memory` config. */
export function MemorySection<C extends { memory: Memory }>({
  config,
  onChange,
  problems,
  readOnly,
}: {
  config: C;
  onChange: (config: C) => void;
  problems: readonly ConfigProblem[];
  readOnly?: boolean;
}) {
  const t = useNodeMessages(llmMessages);
  const memory = config.memory;
  const set = (next: Partial<Memory>) => onChange({ ...config, memory: { ...memory, ...next } });
  return (
    <PanelSection title={t("memory.section")}>
      <SwitchField label={t("memory.enabled")} hint={t("memory.enabledHint")} checked={memory.enabled} disabled={readOnly} onChange={(enabled) => set({ enabled })} />
      {memory.enabled && (
        <NumberField
          label={t("memory.window")}
          hint={t("memory.windowHint")}
          value={memory.window}
          min={1}
          max={MEMORY_WINDOW_MAX}
          step={1}
          disabled={readOnly}
          error={problemAt(problems, "memory.window")}
          // An emptied box keeps the last window rather than storing an invalid config.
          onChange={(window) => set({ window: window ?? memory.window })}
        />
      )}
    </PanelSection>
  );
}

/** How a node that needs JSON back asks for it (see jsonModeSchema). */
export function JsonModeField({
  value,
  onChange,
  problems,
  readOnly,
}: {
  value: JsonMode;
  onChange: (value: JsonMode) => void;
  problems: readonly ConfigProblem[];
  readOnly?: boolean;
}) {
  const t = useNodeMessages(llmMessages);
  return (
    <SelectField<JsonMode>
      label={t("jsonMode.label")}
      hint={t("jsonMode.hint")}
      value={value}
      disabled={readOnly}
      error={problemAt(problems, "jsonMode")}
      onChange={onChange}
      options={[
        { value: "json_schema", label: t("jsonMode.json_schema") },
        { value: "prompt", label: t("jsonMode.prompt") },
      ]}
    />
  );
}

/** The text an LLM-based node works on (its `query`), usually `{{sys.query}}`; labels are the node's own. */
export function QueryField<C extends { query: string }>({
  config,
  onChange,
  upstream,
  problems,
  readOnly,
  label,
  hint,
}: {
  config: C;
  onChange: (config: C) => void;
  upstream: readonly UpstreamVariable[];
  problems: readonly ConfigProblem[];
  readOnly?: boolean;
  label: string;
  hint: string;
}) {
  return (
    <TemplateField
      label={label}
      hint={hint}
      value={config.query}
      upstream={upstream}
      rows={2}
      disabled={readOnly}
      error={problemAt(problems, "query")}
      onChange={(query) => onChange({ ...config, query })}
    />
  );
}
