"use client";

/**
 * An Assistant app's settings page (the simple mode, instead of the canvas): the settings on
 * the left, autosaved as the draft; a debug chat on the right that always runs the current
 * draft. The server compiles the settings to a chatflow graph (server/assistant/compile.ts).
 */
import { useMemo, useState, type ReactNode } from "react";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { ArrowLeft, CircleCheck, CloudUpload, Share2 } from "lucide-react";
import { KeywordListField } from "@/nodes/moderation/keyword-field";
import { MemorySection, ModelSection } from "@/nodes/llm/model-fields";
import { StartPanel } from "@/nodes/start/panel";
import { BUILTIN_TOOL_CATALOG } from "@/nodes/tool/builtin-catalog";
import { AppIcon } from "../apps/app-icon";
import { modeInfo } from "../apps/app-modes";
import { StartInputsForm, toRunInputs, type StartValues } from "../canvas/start-inputs-form";
import { ChatView } from "../chat/chat-view";
import { useT } from "../i18n/i18n-provider";
import { ListEditor, NumberField, PanelSection, ProblemText, SelectField, SwitchField, TextField, problemAt } from "../node-panel/fields";
import { ChannelsDialog } from "../publish/channels-dialog";
import { useTRPC, useTRPCClient } from "../trpc/react";
import { errorMessage } from "../trpc/errors";
import type { RouterOutputs } from "../trpc/types";
import { Alert } from "../ui/alert";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Checkbox } from "../ui/checkbox";
import { cn } from "../ui/cn";
import { Field } from "../ui/field";
import { Spinner } from "../ui/spinner";
import { Textarea } from "../ui/textarea";
import { roleAtLeast } from "../workspace/roles";
import { useWorkspace } from "../workspace/workspace-context";
import { debugChatTransport } from "./debug-chat-transport";
import { useAssistantAutosave, type AssistantConfig, type SaveState } from "./use-assistant-autosave";

type EditedApp = RouterOutputs["apps"]["get"];

/** Mirrors the server's limits (server/assistant/assistant-config.ts), which validate on save. */
const MAX_SUGGESTED_QUESTIONS = 3;
const MAX_FOLLOW_UPS = 5;
const RETRIEVAL_MODES = ["hybrid", "vector", "keyword"] as const;

export function AssistantEditor({ app }: { app: EditedApp & { assistantConfig: AssistantConfig } }) {
  const t = useT();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const { workspace } = useWorkspace();
  const readOnly = !roleAtLeast(workspace.role, "editor");
  const draft = useAssistantAutosave(workspace.id, app.id, { config: app.assistantConfig, revision: app.draftRevision, problems: app.assistantProblems }, readOnly);
  const { config, setConfig, problems, flush } = draft;
  const set = <K extends keyof AssistantConfig>(key: K, value: AssistantConfig[K]) => setConfig({ ...config, [key]: value });
  const [sharing, setSharing] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const [published, setPublished] = useState<number | null>(null);
  const [publishError, setPublishError] = useState<string | null>(null);
  const [values, setValues] = useState<StartValues>({});

  const transport = useMemo(
    () =>
      debugChatTransport(client, workspace.id, app.id, async () => {
        if (!(await flush())) throw new Error(t("assistant.debug.saveFirst"));
      }),
    [client, workspace.id, app.id, flush, t],
  );

  const publish = async () => {
    setPublishing(true);
    setPublishError(null);
    setPublished(null);
    try {
      if (!(await flush())) throw new Error(t("assistant.debug.saveFirst"));
      const version = await client.apps.publish.mutate({ workspaceId: workspace.id, appId: app.id, note: "" });
      setPublished(version.version);
    } catch (error) {
      setPublishError(errorMessage(error, t));
    } finally {
      setPublishing(false);
    }
  };

  const missingRequired = config.variables.some((v) => v.required && (values[v.name] === undefined || values[v.name] === ""));
  const info = modeInfo(app.mode);
  const errorCount = problems.length;

  return (
    <div className="bg-background fixed inset-0 z-40 flex flex-col">
      <header className="border-border bg-card flex h-14 shrink-0 items-center gap-2 border-b px-3">
        <Link href={`/w/${workspace.id}/apps`} aria-label={t("canvas.back")} title={t("canvas.back")} className="text-muted-foreground hover:bg-accent hover:text-foreground flex size-8 items-center justify-center rounded-lg">
          <ArrowLeft className="size-4" aria-hidden />
        </Link>
        <AppIcon icon={app.icon} className="size-8" />
        <div className="min-w-0">
          <h1 className="truncate text-sm font-semibold">{app.name}</h1>
          <div className="flex items-center gap-2">
            <span className="text-muted-foreground text-[11px]">{t(info.label)}</span>
            {readOnly ? <Badge>{t("canvas.readOnly")}</Badge> : <SaveIndicator state={draft.saveState} />}
          </div>
        </div>
        <div className="ml-auto flex items-center gap-1.5">
          {published !== null && (
            <span role="status" className="text-success mr-2 text-xs font-medium">
              {t("canvas.publish.done", { version: published })}
            </span>
          )}
          <Button variant="secondary" size="sm" onClick={() => setSharing(true)}>
            <Share2 className="size-3.5" aria-hidden />
            {t("publish.channels.button")}
          </Button>
          {!readOnly && (
            <Button size="sm" onClick={() => void publish()} loading={publishing} disabled={errorCount > 0} title={errorCount > 0 ? t("assistant.publish.blocked", { count: errorCount }) : undefined}>
              <CloudUpload className="size-3.5" aria-hidden />
              {t("canvas.publish.button")}
            </Button>
          )}
        </div>
      </header>
      {(draft.saveState === "conflict" || draft.saveState === "error") && (
        <div role="alert" className="bg-danger-soft text-danger border-danger/25 flex flex-wrap items-center gap-3 border-b px-4 py-2 text-[13px]">
          <span className="min-w-0 flex-1">{draft.saveState === "conflict" ? t("canvas.conflict.message") : t("canvas.save.failed", { message: draft.saveError ?? "" })}</span>
          {draft.saveState === "conflict" ? (
            <>
              <Button size="sm" variant="secondary" onClick={() => void draft.reload()}>
                {t("canvas.conflict.reload")}
              </Button>
              <Button size="sm" variant="danger" onClick={() => void draft.overwrite()}>
                {t("canvas.conflict.overwrite")}
              </Button>
            </>
          ) : (
            <Button size="sm" variant="secondary" onClick={() => void flush()}>
              {t("common.retry")}
            </Button>
          )}
        </div>
      )}
      {publishError && (
        <div className="border-border border-b px-4 py-2">
          <Alert>{publishError}</Alert>
        </div>
      )}
      <div className="flex min-h-0 flex-1 max-lg:flex-col">
        <main aria-label={t("assistant.settings")} className="min-h-0 flex-1 overflow-y-auto">
          <fieldset disabled={readOnly} className="mx-auto max-w-2xl space-y-2 p-4">
            {errorCount > 0 && (
              <Alert>
                <span className="font-medium">{t("assistant.publish.blocked", { count: errorCount })}</span>
                <ul className="mt-1 list-disc pl-4">
                  {problems.map((p, i) => (
                    <li key={i}>{p.message}</li>
                  ))}
                </ul>
              </Alert>
            )}
            <Card title={t("assistant.prompt.section")}>
              <Field label={t("assistant.prompt.label")} hint={t("assistant.prompt.hint")} error={problemAt(problems, "prompt")}>
                {(control) => <Textarea {...control} rows={8} value={config.prompt} placeholder={t("assistant.prompt.placeholder")} onChange={(e) => set("prompt", e.target.value)} />}
              </Field>
              <StartPanel nodeId="start" config={{ inputs: config.variables }} onChange={(start) => set("variables", start.inputs)} upstream={[]} problems={problems.flatMap((p) => (p.field.startsWith("variables.") ? [{ ...p, field: p.field.replace(/^variables\./, "inputs.") }] : []))} readOnly={readOnly} />
            </Card>

            {/* The shared model and memory sections carry their own headings. */}
            <Card>
              <ModelSection config={config} onChange={setConfig} problems={problems} readOnly={readOnly} requires={config.tools.length > 0 ? ["tools"] : []} />
            </Card>

            <Card title={t("assistant.knowledge.section")}>
              <KnowledgeSettings config={config} onChange={setConfig} workspaceId={workspace.id} problems={problems} />
            </Card>

            <Card title={t("assistant.tools.section")}>
              <p className="text-muted-foreground text-xs">{t("assistant.tools.hint")}</p>
              <div className="grid gap-2 sm:grid-cols-2">
                {BUILTIN_TOOL_CATALOG.map((tool) => {
                  const ref = `builtin:${tool.name}`;
                  return (
                    <Checkbox
                      key={ref}
                      label={tool.name}
                      checked={config.tools.includes(ref)}
                      onCheckedChange={(on) => set("tools", on ? [...config.tools, ref] : config.tools.filter((r) => r !== ref))}
                    />
                  );
                })}
              </div>
              <ProblemText message={problemAt(problems, "tools")} />
            </Card>

            <Card>
              <MemorySection config={config} onChange={setConfig} problems={problems} readOnly={readOnly} />
              {config.memory.enabled && (
                <SwitchField
                  label={t("assistant.memory.summary")}
                  hint={t("assistant.memory.summaryHint")}
                  checked={config.memory.summary}
                  disabled={readOnly}
                  onChange={(summary) => set("memory", { ...config.memory, summary })}
                />
              )}
            </Card>

            <Card title={t("assistant.opening.section")}>
              <Field label={t("assistant.opening.statement")} hint={t("assistant.opening.statementHint")} error={problemAt(problems, "openingStatement")}>
                {(control) => <Textarea {...control} rows={3} maxLength={2000} value={config.openingStatement} onChange={(e) => set("openingStatement", e.target.value)} />}
              </Field>
              <p className="text-foreground text-[13px] font-medium">{t("assistant.opening.questions")}</p>
              <ListEditor<string>
                items={config.suggestedQuestions}
                onChange={(questions) => set("suggestedQuestions", questions.slice(0, MAX_SUGGESTED_QUESTIONS))}
                create={() => ""}
                addLabel={t("assistant.opening.addQuestion")}
                disabled={readOnly || config.suggestedQuestions.length >= MAX_SUGGESTED_QUESTIONS}
                render={(question, update, index) => (
                  <TextField label={t("assistant.opening.question", { n: index + 1 })} value={question} error={problemAt(problems, `suggestedQuestions.${index}`)} onChange={update} />
                )}
              />
              <SwitchField
                label={t("assistant.followUps.enabled")}
                hint={t("assistant.followUps.hint")}
                checked={config.followUps.enabled}
                disabled={readOnly}
                onChange={(enabled) => set("followUps", { ...config.followUps, enabled })}
              />
              {config.followUps.enabled && (
                <NumberField
                  label={t("assistant.followUps.count")}
                  value={config.followUps.count}
                  min={1}
                  max={MAX_FOLLOW_UPS}
                  step={1}
                  onChange={(count) => set("followUps", { ...config.followUps, count: Math.min(MAX_FOLLOW_UPS, Math.max(1, count ?? config.followUps.count)) })}
                />
              )}
            </Card>

            <Card title={t("assistant.moderation.section")}>
              <p className="text-muted-foreground text-xs">{t("assistant.moderation.hint")}</p>
              {(["input", "output"] as const).map((side) => {
                const m = config.moderation[side];
                const setSide = (next: Partial<typeof m>) => set("moderation", { ...config.moderation, [side]: { ...m, ...next } });
                return (
                  <div key={side} className="border-border space-y-2 rounded-lg border p-3">
                    <SwitchField label={t(`assistant.moderation.${side}`)} hint={t(`assistant.moderation.${side}Hint`)} checked={m.enabled} disabled={readOnly} onChange={(enabled) => setSide({ enabled })} />
                    {m.enabled && (
                      <>
                        <KeywordListField
                          label={t("assistant.moderation.keywords")}
                          hint={t("assistant.moderation.keywordsHint")}
                          value={m.keywords}
                          disabled={readOnly}
                          error={problemAt(problems, `moderation.${side}.keywords`)}
                          onChange={(keywords) => setSide({ keywords })}
                        />
                        <TextField label={t("assistant.moderation.reply")} value={m.reply} error={problemAt(problems, `moderation.${side}.reply`)} onChange={(reply) => setSide({ reply })} />
                      </>
                    )}
                  </div>
                );
              })}
            </Card>
          </fieldset>
        </main>
        <aside aria-label={t("assistant.debug.title")} className="border-border bg-card flex w-[440px] max-w-[50vw] shrink-0 flex-col border-l max-lg:h-[60vh] max-lg:w-full max-lg:max-w-none max-lg:border-t max-lg:border-l-0">
          <ChatView
            transport={transport}
            title={t("assistant.debug.title")}
            welcome={config.openingStatement || undefined}
            suggestions={config.suggestedQuestions}
            inputs={toRunInputs(config.variables, values)}
            inputsForm={config.variables.length > 0 ? <StartInputsForm inputs={config.variables} values={values} onChange={setValues} /> : undefined}
            inputsReady={!missingRequired}
            showConversations={false}
          />
        </aside>
      </div>
      <ChannelsDialog open={sharing} onClose={() => setSharing(false)} workspaceId={workspace.id} appId={app.id} mode="assistant" canEdit={!readOnly} />
    </div>
  );
}

function Card({ title, children }: { title?: string; children: ReactNode }) {
  return (
    <section className="border-border bg-card space-y-3 rounded-xl border p-4">
      {title && <h2 className="text-sm font-semibold">{title}</h2>}
      {children}
    </section>
  );
}

function SaveIndicator({ state }: { state: SaveState }) {
  const t = useT();
  return (
    <span role="status" className={cn("flex items-center gap-1 text-xs", state === "error" || state === "conflict" ? "text-danger" : "text-muted-foreground")}>
      {state === "saving" && <Spinner className="size-3" />}
      {state === "saved" && <CircleCheck className="size-3" aria-hidden />}
      {t(`canvas.save.${state}`)}
    </span>
  );
}

function KnowledgeSettings({
  config,
  onChange,
  workspaceId,
  problems,
}: {
  config: AssistantConfig;
  onChange: (config: AssistantConfig) => void;
  workspaceId: string;
  problems: readonly { field: string; message: string }[];
}) {
  const t = useT();
  const trpc = useTRPC();
  const bases = useQuery(trpc.knowledge.list.queryOptions({ workspaceId }));
  const knowledge = config.knowledge;
  const set = (next: Partial<AssistantConfig["knowledge"]>) => onChange({ ...config, knowledge: { ...knowledge, ...next } });
  const listed = new Set((bases.data ?? []).map((kb) => kb.id));
  const missing = knowledge.knowledgeBaseIds.filter((id) => bases.data && !listed.has(id));
  return (
    <>
      <p className="text-muted-foreground text-xs">{t("assistant.knowledge.hint")}</p>
      {bases.isPending && <Spinner label={t("assistant.knowledge.loading")} />}
      {bases.isError && <Alert>{errorMessage(bases.error, t)}</Alert>}
      {bases.data?.length === 0 && <p className="text-muted-foreground text-[13px]">{t("assistant.knowledge.none")}</p>}
      <div role="group" aria-label={t("assistant.knowledge.bases")} className="grid gap-2 sm:grid-cols-2">
        {(bases.data ?? []).map((kb) => (
          <Checkbox
            key={kb.id}
            label={kb.name}
            checked={knowledge.knowledgeBaseIds.includes(kb.id)}
            onCheckedChange={(on) => set({ knowledgeBaseIds: on ? [...knowledge.knowledgeBaseIds, kb.id] : knowledge.knowledgeBaseIds.filter((id) => id !== kb.id) })}
          />
        ))}
        {missing.map((id) => (
          <Checkbox key={id} label={t("assistant.knowledge.missing", { id })} checked onCheckedChange={() => set({ knowledgeBaseIds: knowledge.knowledgeBaseIds.filter((k) => k !== id) })} />
        ))}
      </div>
      <ProblemText message={problemAt(problems, "knowledge.knowledgeBaseIds")} />
      {knowledge.knowledgeBaseIds.length > 0 && (
        <PanelSection title={t("assistant.knowledge.retrieval")}>
          <div className="grid grid-cols-2 gap-2">
            <SelectField label={t("assistant.knowledge.mode")} value={knowledge.mode} options={RETRIEVAL_MODES.map((mode) => ({ value: mode, label: t(`assistant.knowledge.mode.${mode}`) }))} onChange={(mode) => set({ mode })} />
            <NumberField label={t("assistant.knowledge.topK")} value={knowledge.topK} min={1} max={50} step={1} error={problemAt(problems, "knowledge.topK")} onChange={(topK) => set({ topK: Math.min(50, Math.max(1, topK ?? knowledge.topK)) })} />
          </div>
          <SwitchField label={t("assistant.knowledge.citations")} hint={t("assistant.knowledge.citationsHint")} checked={knowledge.citations} onChange={(citations) => set({ citations })} />
        </PanelSection>
      )}
    </>
  );
}
