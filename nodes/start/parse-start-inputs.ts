/**
 * Turns the inputs a caller sent into the start node's values. Pure and shared: the API layer
 * calls it to answer a bad request with a 400 before a run exists, and the start node calls it
 * again on the stored run inputs, so both apply the same rules.
 *
 * Public clients may set declared inputs only (DESIGN.md "Security rules"), so undeclared keys
 * are dropped here rather than passed on.
 */
import type { ConfigProblem } from "../node-definition";
import type { StartConfig, StartInput } from "./definition";

export type StartValue = string | number | boolean | null;

export type ParseStartInputsResult =
  | { ok: true; values: Record<string, StartValue> }
  /** `field` is the input's name. */
  | { ok: false; problems: ConfigProblem[] };

type Checked = { ok: true; value: string | number | boolean } | { ok: false; message: string };

/** The name the run form and error messages use for an input. */
export function startInputDisplayName(input: StartInput): string {
  return input.label.trim() || input.name;
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const MAX_URL_LENGTH = 4096;

function codePointLength(text: string): number {
  let count = 0;
  for (const _char of text) count++;
  return count;
}

function checkText(input: Extract<StartInput, { type: "text" | "paragraph" }>, value: unknown, name: string): Checked {
  // API clients often send numbers for text fields; their text is unambiguous.
  const text = typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : undefined;
  if (text === undefined) return { ok: false, message: `${name} must be text` };
  if (input.maxLength !== undefined && codePointLength(text) > input.maxLength) {
    return { ok: false, message: `${name} is longer than ${input.maxLength} characters` };
  }
  return { ok: true, value: text };
}

function checkNumber(input: Extract<StartInput, { type: "number" }>, value: unknown, name: string): Checked {
  const number = typeof value === "number" ? value : typeof value === "string" && DECIMAL.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!Number.isFinite(number)) return { ok: false, message: `${name} must be a number` };
  if (input.min !== undefined && number < input.min) return { ok: false, message: `${name} must be at least ${input.min}` };
  if (input.max !== undefined && number > input.max) return { ok: false, message: `${name} must be at most ${input.max}` };
  return { ok: true, value: number };
}

function checkBoolean(value: unknown, name: string): Checked {
  if (typeof value === "boolean") return { ok: true, value };
  const text = typeof value === "string" ? value.trim().toLowerCase() : undefined;
  if (text === "true") return { ok: true, value: true };
  if (text === "false") return { ok: true, value: false };
  return { ok: false, message: `${name} must be true or false` };
}

function checkSelect(input: Extract<StartInput, { type: "select" }>, value: unknown, name: string): Checked {
  if (typeof value === "string" && input.options.includes(value)) return { ok: true, value };
  return { ok: false, message: `${name} must be one of: ${input.options.join(", ")}` };
}

function checkFileUrl(value: unknown, name: string): Checked {
  const text = typeof value === "string" ? value.trim() : "";
  let url: URL | undefined;
  try {
    url = text.length <= MAX_URL_LENGTH ? new URL(text) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) return { ok: false, message: `${name} must be an http:// or https:// URL` };
  return { ok: true, value: text };
}

/** Checks and converts one present value for `input` ("42" → 42, "true" → true). */
export function checkInputValue(input: StartInput, value: unknown): Checked {
  const name = startInputDisplayName(input);
  switch (input.type) {
    case "text":
    case "paragraph":
      return checkText(input, value, name);
    case "number":
      return checkNumber(input, value, name);
    case "boolean":
      return checkBoolean(value, name);
    case "select":
      return checkSelect(input, value, name);
    case "file_url":
      return checkFileUrl(value, name);
  }
}

function isMissing(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "");
}

/**
 * Values for every declared input: the caller's value (converted), else the default, else null
 * for an optional input. All problems are reported at once so a form can mark every field.
 */
export function parseStartInputs(config: StartConfig, raw: Readonly<Record<string, unknown>>): ParseStartInputsResult {
  const values: Record<string, StartValue> = {};
  const problems: ConfigProblem[] = [];
  for (const input of config.inputs) {
    // Own properties only: a JSON body may carry "__proto__" or inherit nothing useful.
    const given: unknown = Object.prototype.hasOwnProperty.call(raw, input.name) ? raw[input.name] : undefined;
    const fallback = "default" in input ? input.default : undefined;
    const value = isMissing(given) ? fallback : given;
    if (value === undefined) {
      if (input.required) problems.push({ field: input.name, message: `${startInputDisplayName(input)} is required` });
      else values[input.name] = null;
      continue;
    }
    const checked = checkInputValue(input, value);
    if (checked.ok) values[input.name] = checked.value;
    else problems.push({ field: input.name, message: checked.message });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, values };
}
