import { NodeError, type NodeExecutor } from "@/server/engine/node-context";
import type { SandboxErrorKind } from "@/server/sandbox/types";
import type { CodeConfig, CodeOutputType } from "./definition";

/** Failures of the machine, not of the code: another attempt may succeed. */
const RETRYABLE: ReadonlySet<SandboxErrorKind> = new Set(["timeout", "memory", "crashed", "busy", "cancelled"]);

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return "a string";
  return `a ${typeof value}`;
}

const isPlainObject = (value: unknown) => typeof value === "object" && value !== null && !Array.isArray(value);

/** Why `value` is not of `type`, or undefined when it is. */
function typeMismatch(type: CodeOutputType, value: unknown): string | undefined {
  switch (type) {
    case "any":
      return undefined;
    case "string":
    case "number":
    case "boolean":
      return typeof value === type ? undefined : `should be a ${type}, but main() returned ${describeValue(value)}`;
    case "object":
      return isPlainObject(value) ? undefined : `should be an object, but main() returned ${describeValue(value)}`;
    case "array[string]":
    case "array[object]": {
      if (!Array.isArray(value)) return `should be an array, but main() returned ${describeValue(value)}`;
      const wantString = type === "array[string]";
      const bad = value.findIndex((item) => (wantString ? typeof item !== "string" : !isPlainObject(item)));
      return bad === -1 ? undefined : `should be an array of ${wantString ? "strings" : "objects"}, but item ${bad} is ${describeValue(value[bad])}`;
    }
  }
}

export const executeCode: NodeExecutor<CodeConfig> = async (ctx) => {
  const { code, timeoutMs, memoryMb } = ctx.config;
  const inputs: Record<string, unknown> = {};
  // Missing values (a branch not taken) arrive as null rather than as an absent key.
  for (const input of ctx.config.inputs) inputs[input.name] = ctx.get(input.selector) ?? null;

  const result = await ctx.sandbox.runCode({ code, inputs, timeoutMs, memoryMb });
  for (const entry of result.logs) ctx.log(entry.level, entry.message);
  if (!result.ok) {
    const { kind, message, line, column, stack } = result.error;
    throw new NodeError(message, {
      code: `code_${kind}`,
      retryable: RETRYABLE.has(kind),
      details: { kind, ...(line !== undefined ? { line, column } : {}), ...(stack ? { stack } : {}) },
    });
  }

  const returned = result.output;
  const outputs: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const { name, type } of ctx.config.outputs) {
    if (!Object.prototype.hasOwnProperty.call(returned, name)) {
      problems.push(`output "${name}" is missing`);
      continue;
    }
    const mismatch = typeMismatch(type, returned[name]);
    if (mismatch) problems.push(`output "${name}" ${mismatch}`);
    else outputs[name] = returned[name];
  }
  if (problems.length > 0) {
    const keys = Object.keys(returned);
    throw new NodeError(`main() returned the wrong outputs: ${problems.join("; ")} (it returned: ${keys.length > 0 ? keys.join(", ") : "no keys"})`, {
      code: "code_invalid_output",
      retryable: false,
      details: { problems },
    });
  }
  const declared = new Set(ctx.config.outputs.map((o) => o.name));
  const extra = Object.keys(returned).filter((key) => !declared.has(key));
  if (extra.length > 0) ctx.log("warn", `Ignored values main() returned that are not declared outputs: ${extra.join(", ")}`);
  return { outputs, inputs };
};
