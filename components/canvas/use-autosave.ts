"use client";

import { useCallback, useEffect, useRef } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { errorCode, errorMessage } from "../trpc/errors";
import { useWorkspace } from "../workspace/workspace-context";
import { toGraph } from "./graph-convert";
import { useEditorStore } from "./store/editor-store";

const DEBOUNCE_MS = 800;

export interface Autosave {
  /** Saves pending changes now; false when the save failed or conflicts. */
  flush: () => Promise<boolean>;
  /** Loads the draft saved elsewhere, dropping local changes. */
  reload: () => Promise<void>;
  /** Saves local changes over the draft saved elsewhere. */
  overwrite: () => Promise<void>;
}

/**
 * Saves the draft a moment after the last change, with the revision it was based on. The
 * server refuses a save based on an old revision (another tab saved since): the editor then
 * stops saving and offers to reload or overwrite, so nothing is lost silently.
 */
export function useAutosave(): Autosave {
  const store = useEditorStore();
  const trpc = useTRPC();
  const t = useT();
  const queryClient = useQueryClient();
  const { workspace } = useWorkspace();
  const save = useMutation(trpc.apps.saveDraft.mutationOptions());
  const saveAsync = save.mutateAsync;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const inFlight = useRef<Promise<boolean> | null>(null);
  const savedVersion = useRef(store.getState().saveVersion);

  const saveNow = useCallback(async (): Promise<boolean> => {
    if (inFlight.current) await inFlight.current;
    const state = store.getState();
    if (state.readOnly || state.saveState === "conflict") return state.saveState !== "conflict";
    if (state.saveVersion === savedVersion.current && state.saveState === "saved") return true;
    const version = state.saveVersion;
    state.setSaveState("saving");
    const attempt = saveAsync({ workspaceId: workspace.id, appId: state.appId, graph: toGraph(state.nodes, state.edges), baseRevision: state.revision })
      .then((result) => {
        savedVersion.current = version;
        store.getState().setRevision(result.revision);
        store.getState().setSaveState(store.getState().saveVersion === version ? "saved" : "unsaved");
        return true;
      })
      .catch((error: unknown) => {
        if (errorCode(error) === "CONFLICT") store.getState().setSaveState("conflict", errorMessage(error, t));
        else store.getState().setSaveState("error", errorMessage(error, t));
        return false;
      });
    inFlight.current = attempt;
    const ok = await attempt;
    inFlight.current = null;
    return ok;
  }, [store, saveAsync, workspace.id, t]);

  useEffect(
    () =>
      store.subscribe((state, previous) => {
        if (state.saveVersion === previous.saveVersion || state.readOnly) return;
        if (state.saveState === "saved") state.setSaveState("unsaved");
        if (timer.current) clearTimeout(timer.current);
        timer.current = setTimeout(() => {
          void saveNow().then((ok) => {
            // Changes made while this save ran get their own save.
            if (ok && store.getState().saveVersion !== savedVersion.current) store.getState().touch(true);
          });
        }, DEBOUNCE_MS);
      }),
    [store, saveNow],
  );

  // Leaving with unsaved changes asks first.
  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (store.getState().saveState !== "saved") event.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => {
      window.removeEventListener("beforeunload", warn);
      if (timer.current) clearTimeout(timer.current);
    };
  }, [store]);

  const flush = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current);
    return saveNow();
  }, [saveNow]);

  const fetchCurrent = useCallback(
    () => queryClient.fetchQuery({ ...trpc.apps.get.queryOptions({ workspaceId: workspace.id, appId: store.getState().appId }), staleTime: 0 }),
    [queryClient, trpc, workspace.id, store],
  );

  const reload = useCallback(async () => {
    const app = await fetchCurrent();
    savedVersion.current = store.getState().saveVersion;
    store.getState().loadGraph(app.draftGraph, app.draftRevision);
  }, [fetchCurrent, store]);

  const overwrite = useCallback(async () => {
    const app = await fetchCurrent();
    store.getState().setRevision(app.draftRevision);
    store.getState().setSaveState("unsaved");
    await saveNow();
  }, [fetchCurrent, store, saveNow]);

  return { flush, reload, overwrite };
}
