"use client";

import { useId, useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { Eye, EyeOff, PlugZap } from "lucide-react";
import { useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { errorCode, errorMessage, fieldErrors } from "../trpc/errors";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Checkbox } from "../ui/checkbox";
import { Dialog, DialogFooter } from "../ui/dialog";
import { Field, Input } from "../ui/field";
import { Switch } from "../ui/switch";
import { WorkspaceAvatar } from "../workspace/workspace-avatar";
import { useWorkspace } from "../workspace/workspace-context";
import { ConnectionResult } from "./connection-result";
import { PresetPicker } from "./preset-picker";
import { presetDescription, presetLabel } from "./presets";
import { guessModelKind, type ConnectionResult as Result, type ModelDraft, type PresetId, type Provider, type ProviderPresets } from "./types";
import { useInvalidateInference } from "./use-invalidate-inference";

type FieldName = "name" | "baseUrl" | "apiKey";

/** Brand names stay as they are in every language; "Custom" gets no default name. */
const DEFAULT_NAMES: Record<PresetId, string> = {
  vllm: "vLLM",
  ollama: "Ollama",
  openai: "OpenAI",
  deepseek: "DeepSeek",
  qwen: "Qwen",
  moonshot: "Moonshot",
  zhipu: "Zhipu",
  custom: "",
};

function uniqueName(base: string, taken: ReadonlySet<string>): string {
  if (!base || !taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base} ${n}`)) return `${base} ${n}`;
}

interface ProviderDialogProps {
  open: boolean;
  /** null adds a provider. */
  provider: Provider | null;
  presets: ProviderPresets | undefined;
  providers: Provider[];
  /** Served model ids already registered per provider id, to mark them in the test result. */
  registeredByProvider: ReadonlyMap<string, ReadonlySet<string>>;
  onClose: () => void;
  /** After saving, continue with registering one of the served models. */
  onRegisterModel: (draft: ModelDraft) => void;
}

export function ProviderDialog({ open, provider, onClose, ...rest }: ProviderDialogProps) {
  const t = useT();
  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="xl"
      closeLabel={t("common.close")}
      title={provider ? t("providers.dialog.editTitle", { name: provider.name }) : t("providers.dialog.addTitle")}
      description={provider ? undefined : t("providers.dialog.addDescription")}
    >
      <ProviderForm provider={provider} onClose={onClose} {...rest} />
    </Dialog>
  );
}

function ProviderForm({ provider, presets, providers, registeredByProvider, onClose, onRegisterModel }: Omit<ProviderDialogProps, "open">) {
  const t = useT();
  const trpc = useTRPC();
  const { workspace } = useWorkspace();
  const invalidate = useInvalidateInference();
  const takenNames = new Set(providers.filter((p) => p.id !== provider?.id).map((p) => p.name));

  const [preset, setPreset] = useState<PresetId | null>((provider?.preset as PresetId | undefined) ?? null);
  const [name, setName] = useState(provider?.name ?? "");
  const [baseUrl, setBaseUrl] = useState(provider?.baseUrl ?? "");
  const [apiKey, setApiKey] = useState("");
  const [showKey, setShowKey] = useState(false);
  const [removeKey, setRemoveKey] = useState(false);
  const [enabled, setEnabled] = useState(provider?.enabled ?? true);
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [testResult, setTestResult] = useState<Result | null>(null);
  const [testError, setTestError] = useState<string | null>(null);
  const [savedProvider, setSavedProvider] = useState<Provider | null>(provider);
  const enabledId = useId();

  const test = useMutation(
    trpc.providers.testConnection.mutationOptions({
      onSuccess: (result) => setTestResult(result),
      onError: (err) => setTestError(errorMessage(err, t)),
    }),
  );
  const onSaveError = (err: unknown) => {
    const byField = fieldErrors(err) as Partial<Record<FieldName, string>>;
    if (Object.keys(byField).length > 0) setErrors(byField);
    else if (errorCode(err) === "CONFLICT") setErrors({ name: errorMessage(err, t) });
    else setFormError(errorMessage(err, t));
  };
  const create = useMutation(trpc.providers.create.mutationOptions({ onError: onSaveError }));
  const update = useMutation(trpc.providers.update.mutationOptions({ onError: onSaveError }));
  const saving = create.isPending || update.isPending;

  if (!preset) {
    return (
      <>
        <PresetPicker
          onPick={(picked) => {
            setPreset(picked);
            setName((current) => current || uniqueName(DEFAULT_NAMES[picked], takenNames));
            setBaseUrl((current) => current || (presets?.[picked].baseUrl ?? ""));
          }}
        />
        <DialogFooter>
          <Button variant="secondary" onClick={onClose}>
            {t("common.cancel")}
          </Button>
        </DialogFooter>
      </>
    );
  }

  const presetInfo = presets?.[preset];
  const storedKeyHint = savedProvider?.apiKeyHint ?? null;
  const keepsStoredKey = storedKeyHint !== null && !removeKey && !apiKey.trim();

  function changePreset() {
    // Values that still are the old preset's defaults follow the new pick; typed values stay.
    if (preset && name === uniqueName(DEFAULT_NAMES[preset], takenNames)) setName("");
    if (preset && baseUrl === presets?.[preset].baseUrl) setBaseUrl("");
    setPreset(null);
    setTestResult(null);
  }

  function clearTest() {
    setTestResult(null);
    setTestError(null);
  }

  function validate(): boolean {
    const local: Partial<Record<FieldName, string>> = {};
    if (!name.trim()) local.name = t("providers.form.nameRequired");
    const url = baseUrl.trim();
    if (!url) local.baseUrl = t("providers.form.baseUrlRequired");
    else if (!/^https?:\/\/\S+$/i.test(url)) local.baseUrl = t("providers.form.baseUrlInvalid");
    if (presetInfo?.requiresApiKey && !apiKey.trim() && !keepsStoredKey) local.apiKey = t("providers.form.keyRequired", { preset: presetLabel(preset!, t) });
    setErrors(local);
    return Object.keys(local).length === 0;
  }

  function runTest() {
    clearTest();
    const url = baseUrl.trim();
    if (!url || !/^https?:\/\/\S+$/i.test(url)) {
      setErrors((e) => ({ ...e, baseUrl: url ? t("providers.form.baseUrlInvalid") : t("providers.form.baseUrlRequired") }));
      return;
    }
    test.mutate({
      workspaceId: workspace.id,
      baseUrl: url,
      apiKey: removeKey ? undefined : apiKey.trim() || undefined,
      // With the saved provider's id the server may use the stored key (only for its own base URL).
      providerId: savedProvider && !removeKey ? savedProvider.id : undefined,
    });
  }

  /** Saves (adds or updates) and resolves with the saved provider, or null when it failed. */
  async function save(): Promise<Provider | null> {
    setFormError(null);
    if (!validate()) return null;
    const values = { workspaceId: workspace.id, name: name.trim(), preset: preset!, baseUrl: baseUrl.trim(), enabled };
    try {
      const saved = savedProvider
        ? await update.mutateAsync({ ...values, providerId: savedProvider.id, apiKey: removeKey ? "" : apiKey.trim() || undefined })
        : await create.mutateAsync({ ...values, apiKey: apiKey.trim() || undefined });
      setSavedProvider(saved);
      setApiKey("");
      setRemoveKey(false);
      await invalidate();
      return saved;
    } catch {
      return null; // shown by onSaveError
    }
  }

  async function registerModel(modelName: string) {
    const saved = await save();
    if (!saved) return;
    onClose();
    onRegisterModel({ name: modelName, kind: guessModelKind(modelName), providerId: saved.id });
  }

  return (
    <form
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        if (await save()) onClose();
      }}
    >
      <div className="bg-background/60 border-border mb-5 flex items-center gap-3 rounded-xl border p-3">
        <WorkspaceAvatar id={preset} name={presetLabel(preset, t)} className="size-9 rounded-lg text-sm" />
        <div className="min-w-0 flex-1">
          <div className="text-foreground text-sm font-medium">{presetLabel(preset, t)}</div>
          <div className="text-muted-foreground truncate text-xs">{presetDescription(preset, t)}</div>
        </div>
        <Button variant="ghost" size="sm" onClick={changePreset}>
          {t("providers.form.changePreset")}
        </Button>
      </div>

      <div className="space-y-4">
        <Field label={t("providers.form.name")} error={errors.name}>
          {({ invalid, ...control }) => (
            <Input
              {...control}
              invalid={invalid}
              maxLength={60}
              autoFocus={!provider}
              value={name}
              placeholder={t("providers.form.namePlaceholder")}
              onChange={(e) => {
                setName(e.target.value);
                setErrors((x) => ({ ...x, name: undefined }));
              }}
            />
          )}
        </Field>
        <Field label={t("providers.form.baseUrl")} error={errors.baseUrl} hint={t("providers.form.baseUrlHint")}>
          {({ invalid, ...control }) => (
            <Input
              {...control}
              invalid={invalid}
              type="url"
              inputMode="url"
              spellCheck={false}
              value={baseUrl}
              placeholder={presetInfo?.baseUrl || "http://inference.internal:8000/v1"}
              className="font-mono"
              onChange={(e) => {
                setBaseUrl(e.target.value);
                setErrors((x) => ({ ...x, baseUrl: undefined }));
                clearTest();
              }}
            />
          )}
        </Field>
        <Field
          label={t("providers.form.apiKey")}
          error={errors.apiKey}
          hint={storedKeyHint && !removeKey ? t("providers.form.keyKeep", { hint: storedKeyHint }) : presetInfo?.requiresApiKey ? t("providers.form.keyNeeded") : t("providers.form.keyOptional")}
          labelAside={
            <button
              type="button"
              onClick={() => setShowKey((s) => !s)}
              className="text-muted-foreground hover:text-foreground flex items-center gap-1 text-xs"
              aria-pressed={showKey}
            >
              {showKey ? <EyeOff className="size-3.5" aria-hidden /> : <Eye className="size-3.5" aria-hidden />}
              {showKey ? t("providers.form.hideKey") : t("providers.form.showKey")}
            </button>
          }
        >
          {({ invalid, ...control }) => (
            <Input
              {...control}
              invalid={invalid}
              type={showKey ? "text" : "password"}
              autoComplete="new-password"
              spellCheck={false}
              maxLength={500}
              disabled={removeKey}
              value={apiKey}
              placeholder={storedKeyHint && !removeKey ? storedKeyHint : "sk-…"}
              className="font-mono"
              onChange={(e) => {
                setApiKey(e.target.value);
                setErrors((x) => ({ ...x, apiKey: undefined }));
                clearTest();
              }}
            />
          )}
        </Field>
      </div>

      <div className="mt-4 space-y-3">
        {storedKeyHint && (
          <Checkbox
            checked={removeKey}
            onCheckedChange={(checked) => {
              setRemoveKey(checked);
              if (checked) setApiKey("");
              clearTest();
            }}
            label={t("providers.form.removeKey")}
            description={t("providers.form.removeKeyHint")}
          />
        )}
        <div className="flex items-start justify-between gap-4">
          <div>
            <label htmlFor={enabledId} className="text-foreground text-[13px] font-medium">
              {t("providers.form.enabled")}
            </label>
            <p className="text-muted-foreground text-xs">{t("providers.form.enabledHint")}</p>
          </div>
          <Switch id={enabledId} checked={enabled} onCheckedChange={setEnabled} />
        </div>
      </div>

      <div className="border-border mt-5 border-t pt-4">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div className="min-w-0">
            <div className="text-foreground text-[13px] font-medium">{t("providers.test.title")}</div>
            <p className="text-muted-foreground text-xs">{t("providers.test.description")}</p>
          </div>
          <Button variant="secondary" size="sm" onClick={runTest} loading={test.isPending}>
            {!test.isPending && <PlugZap className="size-4" aria-hidden />}
            {t("providers.test.button")}
          </Button>
        </div>
        {testError && <Alert className="mt-3">{testError}</Alert>}
        {testResult && (
          <ConnectionResult
            className="mt-3"
            result={testResult}
            registeredNames={savedProvider ? registeredByProvider.get(savedProvider.id) : undefined}
            onRegister={(modelName) => void registerModel(modelName)}
            registerHint={savedProvider ? t("providers.test.registerHint") : t("providers.test.registerHintUnsaved")}
          />
        )}
      </div>

      {formError && <Alert className="mt-4">{formError}</Alert>}
      <DialogFooter>
        <Button variant="secondary" onClick={onClose}>
          {t("common.cancel")}
        </Button>
        <Button type="submit" loading={saving}>
          {provider ? t("common.save") : t("providers.dialog.add")}
        </Button>
      </DialogFooter>
    </form>
  );
}
