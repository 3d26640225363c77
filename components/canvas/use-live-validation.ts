"use client";

import { useEffect } from "react";
import { nodeDefinitions } from "@/nodes";
import { validateGraph } from "@/nodes/validate-graph";
import { toGraph } from "./graph-convert";
import { useEditorStore } from "./store/editor-store";

const DEBOUNCE_MS = 250;

/** Re-validates the graph shortly after its content changes (never on every drag frame). */
export function useLiveValidation(): void {
  const store = useEditorStore();
  useEffect(() => {
    const run = () => {
      const { nodes, edges } = store.getState();
      store.getState().setProblems(validateGraph(toGraph(nodes, edges), nodeDefinitions));
    };
    run();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = store.subscribe((state, previous) => {
      if (state.contentVersion === previous.contentVersion) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(run, DEBOUNCE_MS);
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [store]);
}
