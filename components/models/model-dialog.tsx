"use client";

import { useId, useState, type ReactNode } from "react";
import { useMutation } from "@tanstack/react-query";
import { useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { errorCode, errorMessage, fieldErrors } from "../trpc/errors";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Checkbox } from "../ui/checkbox";
import { Dialog, DialogFooter } from "../ui/dialog";
import { Field, Input } from "../ui/field";
import { Switch } from "../ui/switch";
import { useWorkspace } from "../workspace/workspace-context";
import { EndpointsEditor, endpointRow, type EndpointRow } from "./endpoints-editor";
import { FallbacksEditor } from "./fallbacks-editor";
import { SegmentedControl } from "./segmented-control";
import { defaultDisplayName, MODEL_KINDS, type Model, type ModelDraft, type ModelFormInput, type ModelKind, type Provider } from "./types";
import { useInvalidateInference } from "./use-invalidate-inference";

type FieldName =
  | "name"
  | "displayName"
  | "contextLength"
  | "maxOutputTokens"
  | "maxBatchSize"
  | "inputPricePerM"
  | "outputPricePerM"
  | "endpoints"
  | "fallbackModelIds";

interface ModelDialogProps {
  open: boolean;
  /** The model to edit; null registers a new one (optionally prefilled from `draft`). */
  model: Model | null;
  draft?: ModelDraft | null;
  providers: Provider[];
  models: Model[];
  onClose: () => void;
}

export function ModelDialog({ open, model, draft, onClose, ...rest }: ModelDialogProps) {
  const t = useT();
  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="xl"
      closeLabel={t("common.close")}
      title={model ? t("models.dialog.editTitle", { name: model.displayName }) : t("models.dialog.addTitle")}
      description={model ? undefined : t("models.dialog.addDescription")}
    >
      <ModelForm model={model} draft={draft ?? null} onClose={onClose} {...rest} />
    </Dialog>
  );
}

function Section({ title, hint, children }: { title: string; hint?: ReactNode; children: ReactNode }) {
  return (
    <fieldset className="border-border border-t pt-4">
      <legend className="sr-only">{title}</legend>
      <div aria-hidden className="text-foreground text-[13px] font-semibold">
        {title}
      </div>
      {hint && <p className="text-muted-foreground mt-0.5 text-xs">{hint}</p>}
      <div className="mt-3">{children}</div>
    </fieldset>
  );
}

const int = (value: string) => (/^\s*\d+\s*$/.test(value) ? Number(value) : NaN);
const decimal = (value: string) => (value.trim() === "" ? 0 : /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN);

function ModelForm({ model, draft, providers, models, onClose }: Omit<ModelDialogProps, "open">) {
  const t = useT();
  const trpc = useTRPC();
  const { workspace } = useWorkspace();
  const invalidate = useInvalidateInference();
  const enabledId = useId();

  const [kind, setKind] = useState<ModelKind>(model?.kind ?? draft?.kind ?? "chat");
  const [name, setName] = useState(model?.name ?? draft?.name ?? "");
  const [displayName, setDisplayName] = useState(model?.displayName ?? (draft ? defaultDisplayName(draft.name) : ""));
  // The display name follows the model name until someone types their own.
  const [displayNameTouched, setDisplayNameTouched] = useState(Boolean(model));
  const [contextLength, setContextLength] = useState(String(model?.contextLength ?? 8192));
  const [maxOutputTokens, setMaxOutputTokens] = useState(String(model?.maxOutputTokens ?? 4096));
  const [maxBatchSize, setMaxBatchSize] = useState(String(model?.maxBatchSize ?? 64));
  const [supportsTools, setSupportsTools] = useState(model?.supportsTools ?? false);
  const [supportsVision, setSupportsVision] = useState(model?.supportsVision ?? false);
  const [supportsJson, setSupportsJson] = useState(model?.supportsJson ?? false);
  const [inputPrice, setInputPrice] = useState(String(model?.inputPricePerM ?? 0));
  const [outputPrice, setOutputPrice] = useState(String(model?.outputPricePerM ?? 0));
  const [enabled, setEnabled] = useState(model?.enabled ?? true);
  const [endpoints, setEndpoints] = useState<EndpointRow[]>(() =>
    model && model.endpoints.length > 0
      ? model.endpoints.map((e) => endpointRow(e.providerId, String(e.weight)))
      : [endpointRow(draft?.providerId ?? (providers.length === 1 ? providers[0]!.id : ""))],
  );
  const [fallbacks, setFallbacks] = useState<string[]>(model?.fallbackModelIds ?? []);
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const onError = (err: unknown) => {
    const byField = fieldErrors(err) as Partial<Record<FieldName, string>>;
    if (Object.keys(byField).length > 0) setErrors(byField);
    else if (errorCode(err) === "CONFLICT") setErrors({ displayName: errorMessage(err, t) });
    else setFormError(errorMessage(err, t));
  };
  const onSuccess = async () => {
    await invalidate();
    onClose();
  };
  const create = useMutation(trpc.models.create.mutationOptions({ onSuccess, onError }));
  const update = useMutation(trpc.models.update.mutationOptions({ onSuccess, onError }));

  const fallbackCandidates = models.filter((m) => m.kind === kind && m.id !== model?.id);
  const clear = (field: FieldName) => setErrors((e) => ({ ...e, [field]: undefined }));

  function values(): ModelFormInput | null {
    const local: Partial<Record<FieldName, string>> = {};
    const input = {
      kind,
      name: name.trim(),
      displayName: displayName.trim(),
      contextLength: int(contextLength),
      maxOutputTokens: int(maxOutputTokens),
      maxBatchSize: int(maxBatchSize),
      supportsTools: kind === "chat" && supportsTools,
      supportsVision: kind === "chat" && supportsVision,
      supportsJson: kind === "chat" && supportsJson,
      inputPricePerM: decimal(inputPrice),
      outputPricePerM: kind === "chat" ? decimal(outputPrice) : 0,
      enabled,
      endpoints: endpoints.map((e) => ({ providerId: e.providerId, weight: int(e.weight) })),
      fallbackModelIds: fallbacks,
    };
    if (!input.name) local.name = t("models.form.nameRequired");
    if (!input.displayName) local.displayName = t("models.form.displayNameRequired");
    if (!(input.contextLength >= 256 && input.contextLength <= 10_000_000)) local.contextLength = t("models.form.contextRange");
    if (kind === "chat" && !(input.maxOutputTokens >= 1 && input.maxOutputTokens <= 1_000_000)) local.maxOutputTokens = t("models.form.maxOutputRange");
    if (kind !== "chat" && !(input.maxBatchSize >= 1 && input.maxBatchSize <= 2048)) local.maxBatchSize = t("models.form.batchRange");
    if (!(input.inputPricePerM >= 0 && input.inputPricePerM <= 100_000)) local.inputPricePerM = t("models.form.priceInvalid");
    if (!(input.outputPricePerM >= 0 && input.outputPricePerM <= 100_000)) local.outputPricePerM = t("models.form.priceInvalid");
    if (input.endpoints.length === 0) local.endpoints = t("models.form.endpointsRequired");
    else if (input.endpoints.some((e) => !e.providerId)) local.endpoints = t("models.form.endpointProviderRequired");
    else if (input.endpoints.some((e) => !(e.weight >= 1 && e.weight <= 100))) local.endpoints = t("models.form.weightRange");
    setErrors(local);
    if (Object.keys(local).length > 0) return null;
    // Fields that do not apply to this kind keep their stored values.
    if (kind === "chat") input.maxBatchSize = model?.maxBatchSize ?? 64;
    else input.maxOutputTokens = model?.maxOutputTokens ?? 4096;
    return input;
  }

  function submit(event: React.FormEvent) {
    event.preventDefault();
    setFormError(null);
    const input = values();
    if (!input) return;
    if (model) update.mutate({ workspaceId: workspace.id, modelId: model.id, ...input });
    else create.mutate({ workspaceId: workspace.id, ...input });
  }

  const kindLabel = (k: ModelKind) => t(`models.kind.${k}`);

  return (
    <form onSubmit={submit} noValidate className="space-y-5">
      <div className="space-y-1.5">
        <div className="text-foreground text-[13px] font-medium">
          {t("models.form.kind")}
        </div>
        <SegmentedControl
          label={t("models.form.kind")}
          value={kind}
          disabled={Boolean(model)}
          options={MODEL_KINDS.map((k) => ({ value: k, label: kindLabel(k) }))}
          onChange={(next) => {
            setKind(next);
            setFallbacks([]);
          }}
          className="w-full sm:w-auto"
        />
        <p className="text-muted-foreground text-xs">{model ? t("models.form.kindFixed") : t(`models.kind.${kind}Hint`)}</p>
      </div>

      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={t("models.form.name")} error={errors.name} hint={t("models.form.nameHint")}>
          {({ invalid, ...control }) => (
            <Input
              {...control}
              invalid={invalid}
              autoFocus={!model && !draft}
              maxLength={200}
              spellCheck={false}
              className="font-mono"
              placeholder="Qwen/Qwen2.5-7B-Instruct"
              value={name}
              onChange={(e) => {
                setName(e.target.value);
                clear("name");
                if (!displayNameTouched) setDisplayName(defaultDisplayName(e.target.value.trim()));
              }}
            />
          )}
        </Field>
        <Field label={t("models.form.displayName")} error={errors.displayName} hint={t("models.form.displayNameHint")}>
          {({ invalid, ...control }) => (
            <Input
              {...control}
              invalid={invalid}
              maxLength={80}
              value={displayName}
              onChange={(e) => {
                setDisplayName(e.target.value);
                setDisplayNameTouched(true);
                clear("displayName");
              }}
            />
          )}
        </Field>
      </div>

      <Section title={t("models.form.endpoints")} hint={t("models.form.endpointsHint")}>
        {providers.length === 0 ? (
          <Alert tone="info">{t("models.form.noProviders")}</Alert>
        ) : (
          <EndpointsEditor
            rows={endpoints}
            providers={providers}
            invalid={Boolean(errors.endpoints)}
            onChange={(rows) => {
              setEndpoints(rows);
              clear("endpoints");
            }}
          />
        )}
        {errors.endpoints && (
          <p className="text-danger mt-2 text-[13px]" role="alert">
            {errors.endpoints}
          </p>
        )}
      </Section>

      <Section title={t("models.form.limits")}>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label={t("models.form.contextLength")} error={errors.contextLength} hint={t("models.form.tokens")}>
            {({ invalid, ...control }) => (
              <Input {...control} invalid={invalid} type="number" inputMode="numeric" min={256} value={contextLength} onChange={(e) => (setContextLength(e.target.value), clear("contextLength"))} />
            )}
          </Field>
          {kind === "chat" ? (
            <Field label={t("models.form.maxOutputTokens")} error={errors.maxOutputTokens} hint={t("models.form.tokens")}>
              {({ invalid, ...control }) => (
                <Input {...control} invalid={invalid} type="number" inputMode="numeric" min={1} value={maxOutputTokens} onChange={(e) => (setMaxOutputTokens(e.target.value), clear("maxOutputTokens"))} />
              )}
            </Field>
          ) : (
            <Field label={t("models.form.maxBatchSize")} error={errors.maxBatchSize} hint={t(kind === "embedding" ? "models.form.maxBatchSizeHint" : "models.form.maxBatchSizeRerankHint")}>
              {({ invalid, ...control }) => (
                <Input {...control} invalid={invalid} type="number" inputMode="numeric" min={1} max={2048} value={maxBatchSize} onChange={(e) => (setMaxBatchSize(e.target.value), clear("maxBatchSize"))} />
              )}
            </Field>
          )}
        </div>
      </Section>

      {kind === "chat" && (
        <Section title={t("models.form.capabilities")}>
          <div className="grid gap-3 sm:grid-cols-3">
            <Checkbox checked={supportsTools} onCheckedChange={setSupportsTools} label={t("models.capability.tools")} description={t("models.capability.toolsHint")} />
            <Checkbox checked={supportsVision} onCheckedChange={setSupportsVision} label={t("models.capability.vision")} description={t("models.capability.visionHint")} />
            <Checkbox checked={supportsJson} onCheckedChange={setSupportsJson} label={t("models.capability.json")} description={t("models.capability.jsonHint")} />
          </div>
        </Section>
      )}

      <Section title={t("models.form.pricing")} hint={t("models.form.pricingHint")}>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label={kind === "chat" ? t("models.form.inputPrice") : t("models.form.price")} error={errors.inputPricePerM}>
            {({ invalid, ...control }) => (
              <Input {...control} invalid={invalid} type="number" inputMode="decimal" min={0} step="any" value={inputPrice} onChange={(e) => (setInputPrice(e.target.value), clear("inputPricePerM"))} />
            )}
          </Field>
          {kind === "chat" && (
            <Field label={t("models.form.outputPrice")} error={errors.outputPricePerM}>
              {({ invalid, ...control }) => (
                <Input {...control} invalid={invalid} type="number" inputMode="decimal" min={0} step="any" value={outputPrice} onChange={(e) => (setOutputPrice(e.target.value), clear("outputPricePerM"))} />
              )}
            </Field>
          )}
        </div>
      </Section>

      <Section title={t("models.form.fallbacks")} hint={t("models.form.fallbacksHint")}>
        <FallbacksEditor value={fallbacks} onChange={(ids) => (setFallbacks(ids), clear("fallbackModelIds"))} candidates={fallbackCandidates} />
        {errors.fallbackModelIds && (
          <p className="text-danger mt-2 text-[13px]" role="alert">
            {errors.fallbackModelIds}
          </p>
        )}
      </Section>

      <div className="border-border flex items-start justify-between gap-4 border-t pt-4">
        <div>
          <label htmlFor={enabledId} className="text-foreground text-[13px] font-medium">
            {t("models.form.enabled")}
          </label>
          <p className="text-muted-foreground text-xs">{t("models.form.enabledHint")}</p>
        </div>
        <Switch id={enabledId} checked={enabled} onCheckedChange={setEnabled} />
      </div>

      {formError && <Alert>{formError}</Alert>}
      <DialogFooter>
        <Button variant="secondary" onClick={onClose}>
          {t("common.cancel")}
        </Button>
        <Button type="submit" loading={create.isPending || update.isPending} disabled={providers.length === 0}>
          {model ? t("common.save") : t("models.dialog.add")}
        </Button>
      </DialogFooter>
    </form>
  );
}
