"use client";

/**
 * Form pieces every node panel uses, so all panels look and behave alike: labelled fields with
 * the validation problem for their config path shown under them, a variable picker over the
 * upstream outputs, a template box with insertable references and an add/remove list.
 */
import { useId, useRef, useState, type ReactNode } from "react";
import { Plus, Trash2 } from "lucide-react";
import { useT } from "@/components/i18n/i18n-provider";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Field, Input, Select } from "@/components/ui/field";
import { Switch } from "@/components/ui/switch";
import type { Selector } from "@/nodes/graph";
import type { ConfigProblem } from "@/nodes/node-definition";
import type { UpstreamVariable } from "@/nodes/panel-props";

/** The message of the first problem at `field` (exact path), for a field's error slot. */
export function problemAt(problems: readonly ConfigProblem[], field: string): string | undefined {
  return problems.find((p) => p.field === field)?.message;
}

/** A validation problem shown under a group of controls (a list, a section) rather than one field. */
export function ProblemText({ message }: { message: string | undefined }) {
  return message ? (
    <p className="text-danger text-[13px]" role="alert">
      {message}
    </p>
  ) : null;
}

export function PanelSection({ title, aside, children }: { title: ReactNode; aside?: ReactNode; children: ReactNode }) {
  return (
    <section className="border-border space-y-3 border-b py-4 first:pt-0 last:border-b-0">
      <div className="flex items-center justify-between gap-2">
        <h3 className="text-muted-foreground text-xs font-semibold tracking-wide uppercase">{title}</h3>
        {aside}
      </div>
      {children}
    </section>
  );
}

interface BaseFieldProps {
  label: ReactNode;
  error?: string;
  hint?: ReactNode;
  disabled?: boolean;
}

export function TextField({ value, onChange, placeholder, ...field }: BaseFieldProps & { value: string; onChange: (v: string) => void; placeholder?: string }) {
  return (
    <Field label={field.label} error={field.error} hint={field.hint}>
      {(control) => (
        <Input {...control} value={value} placeholder={placeholder} disabled={field.disabled} onChange={(e) => onChange(e.target.value)} />
      )}
    </Field>
  );
}

export function NumberField({
  value,
  onChange,
  min,
  max,
  step,
  ...field
}: BaseFieldProps & { value: number | undefined; onChange: (v: number | undefined) => void; min?: number; max?: number; step?: number }) {
  return (
    <Field label={field.label} error={field.error} hint={field.hint}>
      {(control) => (
        <Input
          {...control}
          type="number"
          value={value ?? ""}
          min={min}
          max={max}
          step={step}
          disabled={field.disabled}
          onChange={(e) => onChange(e.target.value === "" ? undefined : Number(e.target.value))}
        />
      )}
    </Field>
  );
}

export function SelectField<V extends string>({
  value,
  onChange,
  options,
  ...field
}: BaseFieldProps & { value: V; onChange: (v: V) => void; options: readonly { value: V; label: string }[] }) {
  return (
    <Field label={field.label} error={field.error} hint={field.hint}>
      {(control) => (
        <Select {...control} value={value} disabled={field.disabled} onChange={(e) => onChange(e.target.value as V)}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </Select>
      )}
    </Field>
  );
}

export function SwitchField({ checked, onChange, label, hint, disabled }: { checked: boolean; onChange: (v: boolean) => void; label: ReactNode; hint?: ReactNode; disabled?: boolean }) {
  const id = useId();
  return (
    <div className="flex items-start justify-between gap-3">
      <div>
        <label htmlFor={id} className="text-foreground text-[13px] font-medium">
          {label}
        </label>
        {hint && <p className="text-muted-foreground text-xs">{hint}</p>}
      </div>
      <Switch id={id} checked={checked} disabled={disabled} onCheckedChange={onChange} />
    </div>
  );
}

const selectorKey = (selector: readonly string[]) => selector.join(".");

/** Picks one upstream output; stores it as a selector `[nodeId, field]`. */
export function VariablePicker({
  value,
  onChange,
  upstream,
  types,
  ...field
}: BaseFieldProps & {
  value: Selector | undefined;
  onChange: (v: Selector | undefined) => void;
  upstream: readonly UpstreamVariable[];
  /** Offer only variables of these types (and `any`). */
  types?: readonly string[];
}) {
  const t = useT();
  const offered = types ? upstream.filter((v) => v.type === "any" || types.includes(v.type)) : upstream;
  const current = value ? selectorKey(value) : "";
  const known = offered.some((v) => selectorKey(v.selector) === current);
  return (
    <Field label={field.label} error={field.error} hint={field.hint}>
      {(control) => (
        <Select
          {...control}
          value={current}
          disabled={field.disabled}
          onChange={(e) => onChange(offered.find((v) => selectorKey(v.selector) === e.target.value)?.selector)}
        >
          <option value="">{t("nodePanel.pickVariable")}</option>
          {!known && current && <option value={current}>{current}</option>}
          {offered.map((v) => (
            <option key={selectorKey(v.selector)} value={selectorKey(v.selector)}>
              {`${v.nodeTitle} · ${v.name} (${v.type})`}
            </option>
          ))}
        </Select>
      )}
    </Field>
  );
}

/** `{{` plus what has been typed of a reference, right before the caret. */
const OPEN_REFERENCE = /\{\{\s*([^\s{}|]*)$/;

/**
 * A multi-line template with `{{…}}` references. Typing `{{` opens a list of the upstream
 * variables (filtered as you type; arrows, Enter or Tab to insert, Escape to close), and the
 * chips below insert a reference at the cursor.
 */
export function TemplateField({
  value,
  onChange,
  upstream,
  rows = 4,
  placeholder,
  ...field
}: BaseFieldProps & { value: string; onChange: (v: string) => void; upstream: readonly UpstreamVariable[]; rows?: number; placeholder?: string }) {
  const t = useT();
  const area = useRef<HTMLTextAreaElement | null>(null);
  const listId = useId();
  const [completion, setCompletion] = useState<{ start: number; end: number; typed: string; active: number } | null>(null);
  const insert = (selector: readonly string[]) => {
    const reference = `{{${selectorKey(selector)}}}`;
    const el = area.current;
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? value.length;
    onChange(value.slice(0, start) + reference + value.slice(end));
  };
  const matches = completion ? upstream.filter((v) => selectorKey(v.selector).toLowerCase().includes(completion.typed.toLowerCase())).slice(0, 30) : [];
  const updateCompletion = (text: string, caret: number) => {
    const match = OPEN_REFERENCE.exec(text.slice(0, caret));
    setCompletion(match ? { start: caret - match[0].length, end: caret, typed: match[1] ?? "", active: 0 } : null);
  };
  const accept = (variable: UpstreamVariable) => {
    if (!completion) return;
    const reference = `{{${selectorKey(variable.selector)}}}`;
    // A `}}` the author already typed after the caret is replaced, not doubled.
    const rest = value.slice(completion.end).replace(/^\s*\}\}/, "");
    const next = value.slice(0, completion.start) + reference + rest;
    onChange(next);
    setCompletion(null);
    const caret = completion.start + reference.length;
    requestAnimationFrame(() => area.current?.setSelectionRange(caret, caret));
  };
  return (
    <Field label={field.label} error={field.error} hint={field.hint}>
      {(control) => (
        <div className="relative space-y-1.5">
          <textarea
            {...control}
            ref={area}
            rows={rows}
            value={value}
            placeholder={placeholder}
            disabled={field.disabled}
            aria-invalid={control.invalid || undefined}
            aria-autocomplete="list"
            aria-controls={completion && matches.length > 0 ? listId : undefined}
            aria-expanded={completion !== null && matches.length > 0}
            onChange={(e) => {
              onChange(e.target.value);
              updateCompletion(e.target.value, e.target.selectionStart);
            }}
            onKeyDown={(e) => {
              if (!completion || matches.length === 0) return;
              if (e.key === "ArrowDown" || e.key === "ArrowUp") {
                e.preventDefault();
                const step = e.key === "ArrowDown" ? 1 : -1;
                setCompletion({ ...completion, active: (completion.active + step + matches.length) % matches.length });
              } else if (e.key === "Enter" || e.key === "Tab") {
                e.preventDefault();
                const chosen = matches[completion.active];
                if (chosen) accept(chosen);
              } else if (e.key === "Escape") {
                e.preventDefault();
                e.stopPropagation();
                setCompletion(null);
              }
            }}
            onBlur={() => setCompletion(null)}
            className={cn(
              "nodrag bg-card text-foreground w-full rounded-lg border px-3 py-2 font-mono text-[13px] shadow-xs",
              "focus:border-primary focus:ring-ring focus:ring-3 focus:outline-none",
              control.invalid ? "border-danger" : "border-border-strong",
            )}
          />
          {completion && matches.length > 0 && (
            <ul id={listId} role="listbox" aria-label={t("nodePanel.insertVariable")} className="bg-popover border-border absolute z-50 max-h-56 w-full overflow-y-auto rounded-lg border p-1 shadow-lg">
              {matches.map((v, i) => (
                <li
                  key={selectorKey(v.selector)}
                  role="option"
                  aria-selected={i === completion.active}
                  // mousedown, not click: the textarea's blur would close the list first.
                  onMouseDown={(e) => {
                    e.preventDefault();
                    accept(v);
                  }}
                  className={cn("flex cursor-pointer items-center justify-between gap-2 rounded px-2 py-1 text-[12px]", i === completion.active && "bg-accent")}
                >
                  <span className="font-mono">{selectorKey(v.selector)}</span>
                  <span className="text-subtle truncate text-[11px]">{`${v.nodeTitle} · ${v.type}`}</span>
                </li>
              ))}
            </ul>
          )}
          {upstream.length > 0 && !field.disabled && (
            <div className="flex flex-wrap gap-1" aria-label={t("nodePanel.insertVariable")}>
              {upstream.map((v) => (
                <button
                  key={selectorKey(v.selector)}
                  type="button"
                  onClick={() => insert(v.selector)}
                  className="bg-accent text-muted-foreground hover:text-foreground rounded px-1.5 py-0.5 font-mono text-[11px]"
                  title={`${v.nodeTitle} · ${v.type}`}
                >
                  {`{{${selectorKey(v.selector)}}}`}
                </button>
              ))}
            </div>
          )}
        </div>
      )}
    </Field>
  );
}

/**
 * A JSON object typed as text. The text is kept while it does not parse, so half-typed JSON is
 * not lost; `onChange` receives only parsed objects. `parseError` words the parse failure.
 */
export function JsonObjectField({
  value,
  onChange,
  rows = 6,
  parseError,
  ...field
}: BaseFieldProps & { value: Record<string, unknown>; onChange: (v: Record<string, unknown>) => void; rows?: number; parseError: (message: string) => string }) {
  const [text, setText] = useState(() => JSON.stringify(value, null, 2));
  const [failure, setFailure] = useState<string | undefined>();
  return (
    <Field label={field.label} error={failure ? parseError(failure) : field.error} hint={field.hint}>
      {(control) => (
        <textarea
          {...control}
          rows={rows}
          spellCheck={false}
          value={text}
          disabled={field.disabled}
          aria-invalid={control.invalid || undefined}
          onChange={(e) => {
            setText(e.target.value);
            try {
              const parsed: unknown = JSON.parse(e.target.value);
              if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("expected a JSON object");
              setFailure(undefined);
              onChange(parsed as Record<string, unknown>);
            } catch (error) {
              setFailure(error instanceof Error ? error.message : String(error));
            }
          }}
          className={cn(
            "nodrag bg-card text-foreground w-full rounded-lg border px-3 py-2 font-mono text-[12px] shadow-xs",
            "focus:border-primary focus:ring-ring focus:ring-3 focus:outline-none",
            control.invalid ? "border-danger" : "border-border-strong",
          )}
        />
      )}
    </Field>
  );
}

/** Rows that can be added and removed; `render` draws one row's controls. */
export function ListEditor<Item>({
  items,
  onChange,
  create,
  render,
  addLabel,
  disabled,
  min = 0,
}: {
  items: readonly Item[];
  onChange: (items: Item[]) => void;
  create: () => Item;
  render: (item: Item, update: (next: Item) => void, index: number) => ReactNode;
  addLabel: string;
  disabled?: boolean;
  min?: number;
}) {
  const t = useT();
  return (
    <div className="space-y-2">
      {items.map((item, index) => (
        <div key={index} className="border-border flex items-start gap-2 rounded-lg border p-2">
          <div className="min-w-0 flex-1 space-y-2">{render(item, (next) => onChange(items.map((it, i) => (i === index ? next : it))), index)}</div>
          <Button
            variant="danger-ghost"
            size="icon"
            aria-label={t("nodePanel.remove")}
            disabled={disabled || items.length <= min}
            onClick={() => onChange(items.filter((_, i) => i !== index))}
          >
            <Trash2 className="size-4" aria-hidden />
          </Button>
        </div>
      ))}
      <Button variant="secondary" size="sm" disabled={disabled} onClick={() => onChange([...items, create()])}>
        <Plus className="size-4" aria-hidden />
        {addLabel}
      </Button>
    </div>
  );
}
