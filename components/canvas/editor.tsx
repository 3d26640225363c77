"use client";

/**
 * The app editor: top bar (name, save state, history, tools, checklist, run, versions,
 * publish), the node palette, the canvas and the right-hand panel (node settings, debug run,
 * run history or versions). One store per open app.
 */
import "@xyflow/react/dist/style.css";
import { useCallback, useEffect, useRef, useState } from "react";
import Link from "next/link";
import { ReactFlowProvider, useReactFlow } from "@xyflow/react";
import { ArrowLeft, CircleCheck, CloudUpload, Download, GitCommitVertical, History, LayoutDashboard, Play, Redo2, ScrollText, Share2, StickyNote, Undo2, X } from "lucide-react";
import { AppIcon } from "../apps/app-icon";
import { modeInfo } from "../apps/app-modes";
import { useT } from "../i18n/i18n-provider";
import { Alert } from "../ui/alert";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { cn } from "../ui/cn";
import { Spinner } from "../ui/spinner";
import { useWorkspace } from "../workspace/workspace-context";
import type { RouterOutputs } from "../trpc/types";
import { Checklist } from "./checklist";
import { DebugPanel } from "./debug-panel";
import { FlowCanvas } from "./flow-canvas";
import { NodeSidePanel } from "./node-side-panel";
import { NodeTypeList } from "./node-type-list";
import { PublishDialog } from "./publish-dialog";
import { ChannelsDialog } from "../publish/channels-dialog";
import { RunHistory } from "./run-history";
import { ShortcutsPopover } from "./shortcuts-popover";
import { createEditorStore, EditorStoreContext, useEditor, useEditorStore, type RightPanel } from "./store/editor-store";
import { useAutosave, type Autosave } from "./use-autosave";
import { useEditorShortcuts } from "./use-editor-shortcuts";
import { useLiveValidation } from "./use-live-validation";
import { RunFollowerProvider } from "./use-run-follower";
import { VersionsPanel } from "./versions-panel";
import { roleAtLeast } from "../workspace/roles";
import { useExportDsl } from "../dsl/use-export-dsl";
import { errorMessage } from "../trpc/errors";

export type EditedApp = RouterOutputs["apps"]["get"];

export function CanvasEditor({ app }: { app: EditedApp }) {
  const { workspace } = useWorkspace();
  const [store] = useState(() =>
    // Assistant apps open their settings page instead; should one reach the canvas, it is a chat app.
    createEditorStore({ appId: app.id, mode: app.mode === "workflow" ? "workflow" : "chatflow", readOnly: !roleAtLeast(workspace.role, "editor"), graph: app.draftGraph, revision: app.draftRevision }),
  );
  return (
    <EditorStoreContext.Provider value={store}>
      <ReactFlowProvider>
        <RunFollowerProvider>
          <EditorLayout app={app} />
        </RunFollowerProvider>
      </ReactFlowProvider>
    </EditorStoreContext.Provider>
  );
}

function SaveIndicator() {
  const t = useT();
  const state = useEditor((s) => s.saveState);
  const readOnly = useEditor((s) => s.readOnly);
  if (readOnly) return <Badge>{t("canvas.readOnly")}</Badge>;
  return (
    <span role="status" className={cn("flex items-center gap-1 text-xs", state === "error" || state === "conflict" ? "text-danger" : "text-muted-foreground")}>
      {state === "saving" && <Spinner className="size-3" />}
      {state === "saved" && <CircleCheck className="size-3" aria-hidden />}
      {t(`canvas.save.${state}`)}
    </span>
  );
}

function ConflictBanner({ autosave }: { autosave: Autosave }) {
  const t = useT();
  const state = useEditor((s) => s.saveState);
  const error = useEditor((s) => s.saveError);
  const [busy, setBusy] = useState(false);
  if (state !== "conflict" && state !== "error") return null;
  const act = (fn: () => Promise<unknown>) => {
    setBusy(true);
    void fn().finally(() => setBusy(false));
  };
  return (
    <div role="alert" className="bg-danger-soft text-danger border-danger/25 flex flex-wrap items-center gap-3 border-b px-4 py-2 text-[13px]">
      <span className="min-w-0 flex-1">{state === "conflict" ? t("canvas.conflict.message") : t("canvas.save.failed", { message: error ?? "" })}</span>
      {state === "conflict" ? (
        <>
          <Button size="sm" variant="secondary" loading={busy} onClick={() => act(autosave.reload)}>
            {t("canvas.conflict.reload")}
          </Button>
          <Button size="sm" variant="danger" loading={busy} onClick={() => act(autosave.overwrite)}>
            {t("canvas.conflict.overwrite")}
          </Button>
        </>
      ) : (
        <Button size="sm" variant="secondary" loading={busy} onClick={() => act(autosave.flush)}>
          {t("common.retry")}
        </Button>
      )}
    </div>
  );
}

function ToolButton({ label, onClick, disabled, children, pressed }: { label: string; onClick: () => void; disabled?: boolean; children: React.ReactNode; pressed?: boolean }) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      aria-pressed={pressed}
      onClick={onClick}
      disabled={disabled}
      className={cn("text-muted-foreground hover:bg-accent hover:text-foreground flex size-8 items-center justify-center rounded-lg disabled:opacity-40", pressed && "bg-accent text-foreground")}
    >
      {children}
    </button>
  );
}

const PANEL_TITLES = { debug: "canvas.panel.debug", history: "canvas.panel.history", versions: "canvas.panel.versions" } as const;

function EditorLayout({ app }: { app: EditedApp }) {
  const t = useT();
  const store = useEditorStore();
  const flow = useReactFlow();
  const { workspace } = useWorkspace();
  const autosave = useAutosave();
  useLiveValidation();
  const readOnly = useEditor((s) => s.readOnly);
  const rightPanel = useEditor((s) => s.rightPanel);
  const panelNodeId = useEditor((s) => s.panelNodeId);
  const canUndo = useEditor((s) => s.past.length > 0);
  const canRedo = useEditor((s) => s.future.length > 0);
  const errorCount = useEditor((s) => s.problems.filter((p) => p.severity === "error").length);
  const [publishing, setPublishing] = useState(false);
  const [sharing, setSharing] = useState(false);
  const [published, setPublished] = useState<number | null>(null);
  const canvasBox = useRef<HTMLDivElement>(null);
  const { undo, redo, autoLayout, addNote, addNode, setRightPanel } = store.getState();
  const exporter = useExportDsl(workspace.id);
  /** Pending edits are saved first, so the file is what the canvas shows. */
  const exportDraft = () => void (readOnly ? Promise.resolve() : autosave.flush()).then(() => exporter.exportDsl(app.id));

  const togglePanel = useCallback((panel: Exclude<RightPanel, "node" | null>) => setRightPanel(store.getState().rightPanel === panel ? null : panel), [store, setRightPanel]);
  const openRun = useCallback(() => setRightPanel("debug"), [setRightPanel]);
  useEditorShortcuts({ onRun: openRun });

  // Settings forms and the layout engine are split off to open the canvas sooner; fetch them
  // once it is on screen, so the first click on a node or "Tidy up" does not wait.
  useEffect(() => {
    const timer = setTimeout(() => {
      void import("./node-settings-form");
      void import("./auto-layout");
    }, 1000);
    return () => clearTimeout(timer);
  }, []);

  useEffect(() => {
    if (published === null) return;
    const timer = setTimeout(() => setPublished(null), 6000);
    return () => clearTimeout(timer);
  }, [published]);

  /** Where a clicked palette item or a new note goes: the middle of the visible canvas. */
  const viewCenter = () => {
    const box = canvasBox.current?.getBoundingClientRect();
    const center = flow.screenToFlowPosition({ x: (box?.left ?? 0) + (box?.width ?? 0) / 2, y: (box?.top ?? 0) + (box?.height ?? 0) / 2 });
    const jitter = (store.getState().nodes.length % 5) * 24;
    return { x: center.x - 120 + jitter, y: center.y - 40 + jitter };
  };
  const info = modeInfo(app.mode);

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
            <SaveIndicator />
          </div>
        </div>
        {!readOnly && (
          <div role="toolbar" aria-label={t("canvas.toolbar")} className="border-border ml-3 flex items-center gap-0.5 border-l pl-3">
            <ToolButton label={t("canvas.undo")} onClick={undo} disabled={!canUndo}>
              <Undo2 className="size-4" aria-hidden />
            </ToolButton>
            <ToolButton label={t("canvas.redo")} onClick={redo} disabled={!canRedo}>
              <Redo2 className="size-4" aria-hidden />
            </ToolButton>
            <ToolButton label={t("canvas.addNote")} onClick={() => addNote(viewCenter())}>
              <StickyNote className="size-4" aria-hidden />
            </ToolButton>
            <ToolButton
              label={t("canvas.autoLayout")}
              onClick={() => {
                void autoLayout().then(() => requestAnimationFrame(() => void flow.fitView({ padding: 0.2, maxZoom: 1 })));
              }}
            >
              <LayoutDashboard className="size-4" aria-hidden />
            </ToolButton>
          </div>
        )}
        <div className="ml-auto flex items-center gap-1.5">
          {published !== null && (
            <span role="status" className="text-success mr-2 text-xs font-medium">
              {t("canvas.publish.done", { version: published })}
            </span>
          )}
          {exporter.error !== null && (
            <span role="alert" className="text-danger mr-2 max-w-64 truncate text-xs">
              {t("dsl.export.failed", { message: errorMessage(exporter.error, t) })}
            </span>
          )}
          <ShortcutsPopover />
          <Checklist />
          <ToolButton label={t("dsl.export.button")} onClick={exportDraft} disabled={exporter.pending}>
            <Download className="size-4" aria-hidden />
          </ToolButton>
          <ToolButton label={t("canvas.panel.history")} onClick={() => togglePanel("history")} pressed={rightPanel === "history"}>
            <History className="size-4" aria-hidden />
          </ToolButton>
          <ToolButton label={t("canvas.panel.versions")} onClick={() => togglePanel("versions")} pressed={rightPanel === "versions"}>
            <GitCommitVertical className="size-4" aria-hidden />
          </ToolButton>
          <Link
            href={`/w/${workspace.id}/apps/${app.id}/logs`}
            aria-label={t("logs.open")}
            title={t("logs.open")}
            className="text-muted-foreground hover:bg-accent hover:text-foreground flex size-8 items-center justify-center rounded-lg"
          >
            <ScrollText className="size-4" aria-hidden />
          </Link>
          {!readOnly && (
            <Button variant="secondary" size="sm" onClick={() => togglePanel("debug")} aria-pressed={rightPanel === "debug"}>
              <Play className="size-3.5" aria-hidden />
              {t("canvas.run")}
            </Button>
          )}
          <Button variant="secondary" size="sm" onClick={() => setSharing(true)}>
            <Share2 className="size-3.5" aria-hidden />
            {t("publish.channels.button")}
          </Button>
          {!readOnly && (
            <Button size="sm" onClick={() => setPublishing(true)} disabled={errorCount > 0} title={errorCount > 0 ? t("canvas.publish.blocked", { count: errorCount }) : undefined}>
              <CloudUpload className="size-3.5" aria-hidden />
              {t("canvas.publish.button")}
            </Button>
          )}
        </div>
      </header>
      <ConflictBanner autosave={autosave} />
      <div className="flex min-h-0 flex-1">
        {!readOnly && (
          <nav aria-label={t("canvas.palette.title")} className="border-border bg-card flex w-56 shrink-0 flex-col border-r pt-3">
            <h2 className="text-muted-foreground px-4 pb-2 text-xs font-semibold tracking-wide uppercase">{t("canvas.palette.title")}</h2>
            <NodeTypeList draggable onPick={(type) => addNode(type, viewCenter())} />
          </nav>
        )}
        <div ref={canvasBox} className="relative min-w-0 flex-1">
          <FlowCanvas />
          <EmptyCanvasHint />
        </div>
        {rightPanel && (
          <div className="border-border bg-card flex w-[400px] max-w-[45vw] shrink-0 flex-col border-l">
            {rightPanel === "node" && panelNodeId ? (
              <NodeSidePanel nodeId={panelNodeId} />
            ) : rightPanel !== "node" ? (
              <section aria-label={t(PANEL_TITLES[rightPanel])} className="flex min-h-0 flex-1 flex-col">
                <header className="border-border flex items-center justify-between border-b px-4 py-3">
                  <h2 className="text-sm font-semibold">{t(PANEL_TITLES[rightPanel])}</h2>
                  <Button variant="ghost" size="icon" onClick={() => setRightPanel(null)} aria-label={t("common.close")}>
                    <X className="size-4" aria-hidden />
                  </Button>
                </header>
                <div className="min-h-0 flex-1 overflow-y-auto p-4">
                  {rightPanel === "debug" && <DebugPanel />}
                  {rightPanel === "history" && <RunHistory />}
                  {rightPanel === "versions" && <VersionsPanel />}
                </div>
              </section>
            ) : null}
          </div>
        )}
      </div>
      <PublishDialog open={publishing} onClose={() => setPublishing(false)} flush={autosave.flush} onPublished={setPublished} />
      <ChannelsDialog open={sharing} onClose={() => setSharing(false)} workspaceId={workspace.id} appId={app.id} mode={app.mode} canEdit={!readOnly} />
    </div>
  );
}

function EmptyCanvasHint() {
  const t = useT();
  const empty = useEditor((s) => s.nodes.length === 0);
  const readOnly = useEditor((s) => s.readOnly);
  if (!empty) return null;
  return (
    <div className="pointer-events-none absolute inset-0 flex items-center justify-center">
      <div className="bg-card/90 border-border max-w-sm rounded-xl border px-5 py-4 text-center shadow-sm">
        <p className="text-sm font-semibold">{t("canvas.empty.title")}</p>
        <p className="text-muted-foreground mt-1 text-[13px]">{readOnly ? t("canvas.empty.readOnly") : t("canvas.empty.hint")}</p>
      </div>
    </div>
  );
}
