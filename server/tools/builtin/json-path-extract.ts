import { JSONPath } from "jsonpath-plus";
import { z } from "zod";
import { defineBuiltinTool, ToolError } from "../builtin-tool";

/**
 * JSONPath through jsonpath-plus with script evaluation off (`eval: false`): filter and script
 * expressions (`[?(…)]`, `[(…)]`) are refused instead of run, which is what its RCE advisories
 * (GHSA-pppg-cpfq-h7wr) were about. The version is pinned in package.json.
 */
const MAX_PATH_LENGTH = 1000;

const parameters = z.strictObject({
  json: z
    .union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())])
    .describe("The JSON document: JSON text, or an object/array."),
  path: z
    .string()
    .trim()
    .min(1, "Give a JSONPath expression, e.g. $.items[*].name")
    .max(MAX_PATH_LENGTH, `JSONPath expressions are limited to ${MAX_PATH_LENGTH} characters`)
    .describe("A JSONPath expression such as $.items[0].name, $..price or $.users[*].email. Filter expressions [?(...)] are not supported."),
});

function parseDocument(json: string | Record<string, unknown> | unknown[]): unknown {
  if (typeof json !== "string") return json;
  try {
    return JSON.parse(json) as unknown;
  } catch (error) {
    throw new ToolError(`The "json" argument is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export const jsonPathExtractTool = defineBuiltinTool({
  name: "json_path_extract",
  description: "Extracts values from a JSON document with a JSONPath expression. Returns every match, the first match and their count.",
  parameters,
  run: async ({ json, path }) => {
    const document = parseDocument(json);
    // jsonpath-plus walks objects and arrays only; a bare number or string has nothing to select.
    if (typeof document !== "object" || document === null) {
      throw new ToolError(`The "json" argument must be a JSON object or array, not ${document === null ? "null" : typeof document}`);
    }
    let values: unknown[];
    try {
      values = JSONPath({ path, json: document, eval: false, wrap: true }) as unknown[];
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (/Eval \[.*\] prevented/.test(message)) {
        throw new ToolError(`JSONPath "${path}" uses a filter or script expression, which is not supported; select with plain paths such as $.items[*].name`);
      }
      throw new ToolError(`JSONPath "${path}" could not be applied: ${message}`);
    }
    return { value: values[0] ?? null, values, count: values.length };
  },
});
