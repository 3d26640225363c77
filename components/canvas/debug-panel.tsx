"use client";

/**
 * "Run": runs the draft as it is on the canvas. A Workflow asks for the start inputs; a
 * Chatflow is a chat box (each message a run with `sys.query` and the conversation so far).
 * Statuses appear on the nodes as events arrive; the run can be stopped; the trace follows.
 */
import { useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Eraser, Send, Square } from "lucide-react";
import { useShallow } from "zustand/react/shallow";
import { useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { errorMessage } from "../trpc/errors";
import { Alert } from "../ui/alert";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { cn } from "../ui/cn";
import { Spinner } from "../ui/spinner";
import { useWorkspace } from "../workspace/workspace-context";
import { isWorkflowNode, toGraph } from "./graph-convert";
import { Citations } from "../chat/citations";
import { requiredInputsFilled, StartInputsForm, startInputsOf, toRunInputs, type StartValues } from "./start-inputs-form";
import { useEditor, useEditorStore } from "./store/editor-store";
import { NodeRunList } from "./trace-details";
import { useRunFollower } from "./use-run-follower";

function useStartRun() {
  const trpc = useTRPC();
  const store = useEditorStore();
  const { workspace } = useWorkspace();
  const follow = useRunFollower();
  const t = useT();
  const mutation = useMutation(trpc.workflows.run.mutationOptions());
  const start = (extra: { inputs: Record<string, unknown>; query?: string; history?: { query: string; answer: string }[] }) => {
    const { nodes, edges, appId } = store.getState();
    store.getState().beginRun(null);
    mutation.mutate(
      { workspaceId: workspace.id, appId, graph: toGraph(nodes, edges), ...extra },
      {
        onSuccess: ({ runId }) => {
          store.getState().beginRun(runId);
          follow(runId);
        },
        onError: (error) => store.getState().failRunStart(errorMessage(error, t)),
      },
    );
  };
  return { start, pending: mutation.isPending };
}

function StopButton() {
  const t = useT();
  const trpc = useTRPC();
  const { workspace } = useWorkspace();
  const runId = useEditor((s) => s.runId);
  const running = useEditor((s) => s.runPhase === "running");
  const cancel = useMutation(trpc.workflows.cancel.mutationOptions());
  if (!running || !runId) return null;
  return (
    <Button variant="secondary" size="sm" loading={cancel.isPending} onClick={() => cancel.mutate({ workspaceId: workspace.id, runId })}>
      <Square className="size-3.5" aria-hidden />
      {t("canvas.debug.stop")}
    </Button>
  );
}

function RunSummary() {
  const t = useT();
  const { runPhase, runError, runOutputs, runUsage, runElapsedMs } = useEditor(
    useShallow((s) => ({ runPhase: s.runPhase, runError: s.runError, runOutputs: s.runOutputs, runUsage: s.runUsage, runElapsedMs: s.runElapsedMs })),
  );
  if (runPhase === "idle") return null;
  const tone = runPhase === "succeeded" ? "success" : runPhase === "failed" ? "warning" : "neutral";
  return (
    <section aria-label={t("canvas.debug.result")} className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        {(runPhase === "running" || runPhase === "starting") && <Spinner />}
        <Badge tone={tone}>{t(`canvas.runPhase.${runPhase}`)}</Badge>
        {runElapsedMs !== null && <span className="text-muted-foreground text-xs tabular-nums">{runElapsedMs} ms</span>}
        {runUsage && runUsage.inputTokens + runUsage.outputTokens > 0 && (
          <span className="text-muted-foreground text-xs tabular-nums">{t("canvas.trace.tokens", { input: runUsage.inputTokens, output: runUsage.outputTokens })}</span>
        )}
      </div>
      {runError && <Alert>{runError}</Alert>}
      {runOutputs && Object.keys(runOutputs).length > 0 && (
        <pre aria-label={t("canvas.debug.outputs")} className="bg-muted max-h-60 overflow-auto rounded-lg p-2 font-mono text-[11px] whitespace-pre-wrap break-words">
          {JSON.stringify(runOutputs, null, 2)}
        </pre>
      )}
    </section>
  );
}

/** The finished run's trace: one expandable row per node, in the order they ran. */
export function RunTrace({ runId }: { runId: string }) {
  const t = useT();
  const trpc = useTRPC();
  const { workspace } = useWorkspace();
  const finished = useEditor((s) => s.runId !== runId || (s.runPhase !== "running" && s.runPhase !== "starting"));
  const openNode = useEditor((s) => s.openNode);
  const trace = useQuery(trpc.workflows.getRun.queryOptions({ workspaceId: workspace.id, runId }, { enabled: finished }));
  if (!finished) return null;
  if (trace.isPending) return <Spinner label={t("common.loading")} />;
  if (trace.isError) return <Alert>{errorMessage(trace.error, t)}</Alert>;
  return <NodeRunList rows={trace.data.nodeRuns} onShowNode={openNode} />;
}

function WorkflowRunner() {
  const t = useT();
  const startConfig = useEditor((s) => {
    const start = s.nodes.find((n) => isWorkflowNode(n) && n.data.kind === "start");
    return start && isWorkflowNode(start) ? start.data.config : undefined;
  });
  const inputs = startInputsOf(startConfig);
  const [values, setValues] = useState<StartValues>({});
  const { start, pending } = useStartRun();
  const running = useEditor((s) => s.runPhase === "running" || s.runPhase === "starting");
  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        start({ inputs: toRunInputs(inputs, values) });
      }}
    >
      <StartInputsForm inputs={inputs} values={values} onChange={setValues} />
      <div className="flex gap-2">
        <Button type="submit" size="sm" loading={pending} disabled={running}>
          {t("canvas.debug.start")}
        </Button>
        <StopButton />
      </div>
    </form>
  );
}

function ChatRunner() {
  const t = useT();
  const chat = useEditor((s) => s.chat);
  const running = useEditor((s) => s.runPhase === "running" || s.runPhase === "starting");
  const { askChat, clearChat } = useEditorStore().getState();
  const startConfig = useEditor((s) => {
    const start = s.nodes.find((n) => isWorkflowNode(n) && n.data.kind === "start");
    return start && isWorkflowNode(start) ? start.data.config : undefined;
  });
  const inputs = startInputsOf(startConfig);
  const [values, setValues] = useState<StartValues>({});
  const [message, setMessage] = useState("");
  const { start, pending } = useStartRun();
  // Like a conversation on the share page: the required inputs come before the first message.
  const inputsReady = requiredInputsFilled(inputs, values);
  const send = () => {
    const query = message.trim();
    if (!query || running || !inputsReady) return;
    const history = chat.filter((turn) => !turn.error && turn.answer).map((turn) => ({ query: turn.query, answer: turn.answer }));
    askChat(query);
    setMessage("");
    start({ inputs: toRunInputs(inputs, values), query, history });
  };
  return (
    <div className="space-y-3">
      {inputs.length > 0 && (
        <details key={chat.length === 0 ? "new" : "started"} open={chat.length === 0} className="border-border rounded-lg border p-2">
          <summary className="cursor-pointer text-[13px] font-medium">{t("canvas.debug.inputs")}</summary>
          <div className="mt-2">
            <StartInputsForm inputs={inputs} values={values} onChange={setValues} />
          </div>
        </details>
      )}
      <ol aria-label={t("canvas.debug.chat")} className="space-y-3">
        {chat.length === 0 && <li className="text-muted-foreground text-center text-xs">{t("canvas.debug.chatEmpty")}</li>}
        {chat.map((turn, i) => (
          <li key={i} className="space-y-2">
            <div className="bg-primary text-primary-foreground ml-8 rounded-xl rounded-br-sm px-3 py-2 text-[13px] whitespace-pre-wrap">{turn.query}</div>
            <div data-testid="chat-answer" className={cn("border-border mr-8 rounded-xl rounded-bl-sm border px-3 py-2 text-[13px] whitespace-pre-wrap", turn.error && "border-danger/40 bg-danger-soft text-danger")}>
              {turn.error ? turn.error : turn.answer || <Spinner label={t("canvas.debug.thinking")} />}
              {!turn.error && turn.citations && <Citations citations={turn.citations} />}
            </div>
          </li>
        ))}
      </ol>
      <form
        className="flex items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          send();
        }}
      >
        <textarea
          aria-label={t("canvas.debug.message")}
          placeholder={inputsReady ? t("canvas.debug.messagePlaceholder") : t("chat.fillInputsFirst")}
          rows={2}
          value={message}
          onChange={(e) => setMessage(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              send();
            }
          }}
          className="border-border-strong bg-card focus:border-primary min-w-0 flex-1 rounded-lg border px-3 py-2 text-[13px] outline-none"
        />
        <Button type="submit" size="icon" aria-label={t("canvas.debug.send")} loading={pending} disabled={running || !inputsReady || !message.trim()}>
          {!pending && <Send className="size-4" aria-hidden />}
        </Button>
      </form>
      <div className="flex gap-2">
        <StopButton />
        {chat.length > 0 && !running && (
          <Button variant="ghost" size="sm" onClick={clearChat}>
            <Eraser className="size-3.5" aria-hidden />
            {t("canvas.debug.newChat")}
          </Button>
        )}
      </div>
    </div>
  );
}

export function DebugPanel() {
  const t = useT();
  const mode = useEditor((s) => s.mode);
  const runId = useEditor((s) => s.runId);
  return (
    <div className="space-y-4">
      <p className="text-muted-foreground text-xs">{t("canvas.debug.description")}</p>
      {mode === "chatflow" ? <ChatRunner /> : <WorkflowRunner />}
      <RunSummary />
      {runId && <RunTrace runId={runId} />}
    </div>
  );
}
