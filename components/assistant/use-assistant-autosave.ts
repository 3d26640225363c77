"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useT } from "../i18n/i18n-provider";
import { useTRPCClient } from "../trpc/react";
import { errorCode, errorMessage } from "../trpc/errors";
import type { RouterOutputs } from "../trpc/types";

export type AssistantConfig = NonNullable<RouterOutputs["apps"]["get"]["assistantConfig"]>;
export type AssistantProblem = RouterOutputs["apps"]["saveAssistant"]["problems"][number];
export type SaveState = "saved" | "unsaved" | "saving" | "error" | "conflict";

const DEBOUNCE_MS = 800;

/**
 * The assistant settings page's draft: edits are saved a moment after the last change, with
 * the revision they were based on (like the canvas). A save refused because another tab saved
 * since stops autosaving until the author reloads or overwrites. `flush` saves now: the debug
 * chat calls it before each message, so it always talks to the settings on screen.
 */
export function useAssistantAutosave(workspaceId: string, appId: string, initial: { config: AssistantConfig; revision: number; problems: AssistantProblem[] }, readOnly: boolean) {
  const client = useTRPCClient();
  const t = useT();
  const [config, setConfigState] = useState(initial.config);
  const [problems, setProblems] = useState(initial.problems);
  const [saveState, setSaveState] = useState<SaveState>("saved");
  const [saveError, setSaveError] = useState<string | null>(null);
  const latest = useRef({ config: initial.config, version: 0 });
  const savedVersion = useRef(0);
  const revision = useRef(initial.revision);
  const conflicted = useRef(false);
  const inFlight = useRef<Promise<boolean> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const saveNow = useCallback(async (): Promise<boolean> => {
    if (timer.current) clearTimeout(timer.current);
    if (inFlight.current) await inFlight.current;
    if (readOnly) return true;
    if (conflicted.current) return false;
    const { config: toSave, version } = latest.current;
    if (version === savedVersion.current) return true;
    setSaveState("saving");
    const attempt = client.apps.saveAssistant
      .mutate({ workspaceId, appId, config: toSave, baseRevision: revision.current })
      .then((result) => {
        revision.current = result.revision;
        savedVersion.current = version;
        setProblems(result.problems);
        setSaveError(null);
        setSaveState(latest.current.version === version ? "saved" : "unsaved");
        return true;
      })
      .catch((error: unknown) => {
        if (errorCode(error) === "CONFLICT") {
          conflicted.current = true;
          setSaveState("conflict");
        } else setSaveState("error");
        setSaveError(errorMessage(error, t));
        return false;
      });
    inFlight.current = attempt;
    const ok = await attempt;
    inFlight.current = null;
    // Edits made while this save ran get their own save.
    if (ok && latest.current.version !== savedVersion.current) return saveNow();
    return ok;
  }, [client, workspaceId, appId, readOnly, t]);

  const setConfig = useCallback(
    (next: AssistantConfig) => {
      latest.current = { config: next, version: latest.current.version + 1 };
      setConfigState(next);
      if (readOnly || conflicted.current) return;
      setSaveState("unsaved");
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void saveNow(), DEBOUNCE_MS);
    },
    [readOnly, saveNow],
  );

  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  /** Drops local changes for the draft saved elsewhere. */
  const reload = useCallback(async () => {
    const app = await client.apps.get.query({ workspaceId, appId });
    if (!app.assistantConfig) return;
    conflicted.current = false;
    revision.current = app.draftRevision;
    latest.current = { config: app.assistantConfig, version: latest.current.version + 1 };
    savedVersion.current = latest.current.version;
    setConfigState(app.assistantConfig);
    setProblems(app.assistantProblems);
    setSaveState("saved");
    setSaveError(null);
  }, [client, workspaceId, appId]);

  /** Saves local changes over the draft saved elsewhere. */
  const overwrite = useCallback(async () => {
    const app = await client.apps.get.query({ workspaceId, appId });
    conflicted.current = false;
    revision.current = app.draftRevision;
    savedVersion.current = -1;
    await saveNow();
  }, [client, workspaceId, appId, saveNow]);

  return { config, setConfig, problems, saveState, saveError, flush: saveNow, reload, overwrite };
}
