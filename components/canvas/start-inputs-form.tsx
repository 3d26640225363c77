"use client";

import { startConfigSchema, type StartInput } from "@/nodes/start/definition";
import { useT } from "../i18n/i18n-provider";
import { Checkbox } from "../ui/checkbox";
import { Field, Input, Select } from "../ui/field";

export type StartValues = Record<string, string | boolean>;

/** The start node's declared inputs, or none when its config cannot be read. */
export function startInputsOf(config: Record<string, unknown> | undefined): StartInput[] {
  const parsed = startConfigSchema.safeParse(config ?? {});
  return parsed.success ? parsed.data.inputs : [];
}

/** Form values as the run API takes them: numbers as numbers, empty optional fields left out. */
export function toRunInputs(inputs: readonly StartInput[], values: StartValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const input of inputs) {
    const value = values[input.name];
    // An unticked required checkbox is a "no", not a missing answer.
    if (value === undefined && input.type === "boolean" && input.required) out[input.name] = false;
    if (value === undefined || value === "") continue;
    out[input.name] = input.type === "number" && typeof value === "string" ? Number(value) : value;
  }
  return out;
}

/** Whether every required input has a value (the form may be sent). */
export function requiredInputsFilled(inputs: readonly StartInput[], values: StartValues): boolean {
  return inputs.every((input) => {
    if (!input.required || input.type === "boolean") return true;
    const value = values[input.name];
    return typeof value === "string" && value.trim() !== "";
  });
}

/** Values given from outside (a widget's host page) in the form's terms; undeclared names are dropped. */
export function startValuesFrom(inputs: readonly StartInput[], given: Record<string, unknown>): StartValues {
  const values: StartValues = {};
  for (const input of inputs) {
    if (!Object.prototype.hasOwnProperty.call(given, input.name)) continue;
    const value = given[input.name];
    if (typeof value === "boolean") values[input.name] = value;
    else if (typeof value === "string" || typeof value === "number") values[input.name] = input.type === "boolean" ? String(value) === "true" : String(value);
  }
  return values;
}

/** The debug run's input form, drawn from the start node's declared inputs. */
export function StartInputsForm({ inputs, values, onChange, errors }: { inputs: readonly StartInput[]; values: StartValues; onChange: (values: StartValues) => void; errors?: string }) {
  const t = useT();
  const set = (name: string, value: string | boolean) => onChange({ ...values, [name]: value });
  if (inputs.length === 0) return <p className="text-muted-foreground text-xs">{t("canvas.debug.noInputs")}</p>;
  return (
    <div className="space-y-3">
      {inputs.map((input) => {
        const label = `${input.label || input.name}${input.required ? " *" : ""}`;
        const value = values[input.name];
        if (input.type === "boolean") {
          return <Checkbox key={input.name} label={label} description={input.description || undefined} checked={value === true} onCheckedChange={(v) => set(input.name, v)} />;
        }
        return (
          <Field key={input.name} label={label} hint={input.description || undefined}>
            {(control) =>
              input.type === "select" ? (
                <Select {...control} value={typeof value === "string" ? value : ""} onChange={(e) => set(input.name, e.target.value)}>
                  <option value="">{t("canvas.debug.choose")}</option>
                  {input.options.map((o) => (
                    <option key={o} value={o}>
                      {o}
                    </option>
                  ))}
                </Select>
              ) : input.type === "paragraph" ? (
                <textarea {...control} rows={3} value={typeof value === "string" ? value : ""} onChange={(e) => set(input.name, e.target.value)} className="border-border-strong bg-card w-full rounded-lg border px-3 py-2 text-sm" />
              ) : (
                <Input {...control} type={input.type === "number" ? "number" : input.type === "file_url" ? "url" : "text"} value={typeof value === "string" ? value : ""} onChange={(e) => set(input.name, e.target.value)} />
              )
            }
          </Field>
        );
      })}
      {errors && <p className="text-danger text-[13px]" role="alert">{errors}</p>}
    </div>
  );
}
