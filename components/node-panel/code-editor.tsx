"use client";

/**
 * A JavaScript editor (CodeMirror 6, bundled with the app — nothing loads from a CDN): syntax
 * highlighting, line numbers, bracket matching, undo history and completion. Controlled: the
 * parent owns the text; edits from outside (undo on the canvas) replace the document.
 */
import { useEffect, useRef } from "react";
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { javascript } from "@codemirror/lang-javascript";
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from "@codemirror/language";
import { Compartment, EditorState, type Extension } from "@codemirror/state";
import { EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from "@codemirror/view";
import { cn } from "../ui/cn";

const theme = EditorView.theme({
  "&": { fontSize: "12px", maxHeight: "420px", backgroundColor: "var(--color-card)" },
  ".cm-scroller": { fontFamily: "var(--font-mono, ui-monospace, monospace)", lineHeight: "1.55" },
  ".cm-gutters": { backgroundColor: "var(--color-muted)", border: "none", color: "var(--color-subtle)" },
  "&.cm-focused": { outline: "none" },
});

/** Read-only state and ARIA attributes change while the author types: reconfigured in place, never by remounting (which would drop focus and the undo history). */
function dynamicOptions(readOnly: boolean, invalid: boolean, id: string | undefined, describedBy: string | undefined): Extension {
  return [
    EditorState.readOnly.of(readOnly),
    EditorView.editable.of(!readOnly),
    EditorView.contentAttributes.of({ "aria-label": "JavaScript", ...(id ? { id } : {}), ...(describedBy ? { "aria-describedby": describedBy } : {}), ...(invalid ? { "aria-invalid": "true" } : {}) }),
  ];
}

export function CodeEditor({
  value,
  onChange,
  readOnly = false,
  invalid = false,
  id,
  describedBy,
}: {
  value: string;
  onChange: (value: string) => void;
  readOnly?: boolean;
  invalid?: boolean;
  id?: string;
  describedBy?: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const options = useRef(new Compartment());
  const latestOnChange = useRef(onChange);
  latestOnChange.current = onChange;

  useEffect(() => {
    if (!host.current) return;
    const editor = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightActiveLine(),
          history(),
          indentOnInput(),
          bracketMatching(),
          closeBrackets(),
          autocompletion(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          javascript(),
          keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap, indentWithTab]),
          options.current.of(dynamicOptions(readOnly, invalid, id, describedBy)),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) latestOnChange.current(update.state.doc.toString());
          }),
          theme,
        ],
      }),
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
    // Created once per mount; the document and the options are updated by the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    view.current?.dispatch({ effects: options.current.reconfigure(dynamicOptions(readOnly, invalid, id, describedBy)) });
  }, [readOnly, invalid, id, describedBy]);

  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const current = editor.state.doc.toString();
    if (current !== value) editor.dispatch({ changes: { from: 0, to: current.length, insert: value } });
  }, [value]);

  return <div ref={host} className={cn("nodrag nowheel overflow-hidden rounded-lg border shadow-xs", invalid ? "border-danger" : "border-border-strong")} />;
}
