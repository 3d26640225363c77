"use client";

import { useEffect } from "react";
import { parseFragment, serializeFragment } from "./fragment";
import { useEditorStore } from "./store/editor-store";

/** Typing in a field keeps its own undo, copy and paste. */
function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT" || target.closest(".cm-editor") !== null;
}

/**
 * Keyboard shortcuts (listed in shortcuts.ts) and copy/paste. Copy and paste go through the
 * document's copy/paste events, so the fragment lands in the system clipboard as text and can
 * be pasted into another app's canvas without a clipboard permission prompt.
 */
export function useEditorShortcuts({ onRun }: { onRun: () => void }): void {
  const store = useEditorStore();
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (isEditable(event.target) || event.defaultPrevented) return;
      const state = store.getState();
      const mod = event.metaKey || event.ctrlKey;
      const key = event.key.toLowerCase();
      if (mod && key === "enter") {
        event.preventDefault();
        onRun();
        return;
      }
      if (key === "escape") {
        state.openNode(null);
        return;
      }
      if (state.readOnly) return;
      if (mod && key === "z") {
        event.preventDefault();
        if (event.shiftKey) state.redo();
        else state.undo();
      } else if (mod && key === "y") {
        event.preventDefault();
        state.redo();
      } else if (mod && key === "d") {
        event.preventDefault();
        state.duplicateSelected();
      } else if (mod && key === "a") {
        event.preventDefault();
        state.selectAll();
      } else if (mod && event.shiftKey && key === "l") {
        event.preventDefault();
        void state.autoLayout();
      } else if (key === "delete" || key === "backspace") {
        event.preventDefault();
        state.deleteSelected();
      }
    };
    const onCopy = (event: ClipboardEvent) => {
      if (isEditable(event.target) || !event.clipboardData) return;
      const fragment = store.getState().copySelection();
      if (!fragment) return;
      event.clipboardData.setData("text/plain", serializeFragment(fragment));
      event.preventDefault();
    };
    const onCut = (event: ClipboardEvent) => {
      if (isEditable(event.target) || store.getState().readOnly) return;
      onCopy(event);
      if (event.defaultPrevented) store.getState().deleteSelected();
    };
    const onPaste = (event: ClipboardEvent) => {
      if (isEditable(event.target) || store.getState().readOnly || !event.clipboardData) return;
      const fragment = parseFragment(event.clipboardData.getData("text/plain"));
      if (!fragment) return;
      event.preventDefault();
      store.getState().pasteFragment(fragment);
    };
    document.addEventListener("keydown", onKeyDown);
    document.addEventListener("copy", onCopy);
    document.addEventListener("cut", onCut);
    document.addEventListener("paste", onPaste);
    return () => {
      document.removeEventListener("keydown", onKeyDown);
      document.removeEventListener("copy", onCopy);
      document.removeEventListener("cut", onCut);
      document.removeEventListener("paste", onPaste);
    };
  }, [store, onRun]);
}
