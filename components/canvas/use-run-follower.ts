"use client";

import { createContext, createElement, useCallback, useContext, useEffect, useRef, type ReactNode } from "react";
import { useQueryClient } from "@tanstack/react-query";
import type { RunEvent } from "@/server/engine/events";
import { useTRPC } from "../trpc/react";
import { useWorkspace } from "../workspace/workspace-context";
import { isWorkflowNode } from "./graph-convert";
import { useEditorStore } from "./store/editor-store";

const EVENT_TYPES = ["run.started", "node.started", "node.delta", "node.finished", "node.failed", "run.finished", "run.failed"] as const;

type Follow = (runId: string) => void;

const RunFollowerContext = createContext<Follow | null>(null);

/**
 * One follower for the whole editor (provided at its root), so a run started from a dialog
 * that closes right away keeps being followed.
 */
export function RunFollowerProvider({ children }: { children: ReactNode }) {
  return createElement(RunFollowerContext.Provider, { value: useRunEventSource() }, children);
}

export function useRunFollower(): Follow {
  const follow = useContext(RunFollowerContext);
  if (!follow) throw new Error("useRunFollower() must be used inside <RunFollowerProvider>");
  return follow;
}

/**
 * Follows a run's events (SSE at /api/runs/{id}/events) into the store: node statuses on the
 * canvas, the streamed chat answer, the run's end. EventSource reconnects on its own and
 * resumes from the last event id, so a dropped connection loses nothing.
 */
function useRunEventSource(): Follow {
  const store = useEditorStore();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { workspace } = useWorkspace();
  const source = useRef<EventSource | null>(null);

  useEffect(() => () => source.current?.close(), []);

  return useCallback(
    (runId: string) => {
      source.current?.close();
      const answerNodes = new Set(store.getState().nodes.flatMap((n) => (isWorkflowNode(n) && n.data.kind === "answer" ? [n.id] : [])));
      const events = new EventSource(`/api/runs/${encodeURIComponent(runId)}/events?workspaceId=${encodeURIComponent(workspace.id)}`);
      source.current = events;
      const finish = () => {
        events.close();
        void queryClient.invalidateQueries({ queryKey: trpc.workflows.listRuns.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.workflows.getRun.queryKey({ workspaceId: workspace.id, runId }) });
      };
      for (const type of EVENT_TYPES) {
        events.addEventListener(type, (message) => {
          if (store.getState().runId !== runId) return finish();
          const body = JSON.parse((message as MessageEvent<string>).data) as Omit<RunEvent, "id">;
          const event = { ...body, type, id: Number((message as MessageEvent).lastEventId) } as RunEvent;
          store.getState().applyRunEvent(event, answerNodes);
          if (type === "run.finished" || type === "run.failed") finish();
        });
      }
    },
    [store, workspace.id, queryClient, trpc],
  );
}
