/** Every built-in tool, in the order the Tools page lists them. */
import type { BuiltinTool } from "../builtin-tool";
import { calculatorTool } from "./calculator";
import { currentTimeTool } from "./current-time";
import { jsonPathExtractTool } from "./json-path-extract";
import { webPageToTextTool } from "./web-page-to-text";

// The list erases each tool's own argument type; the tool service parses arguments with the
// tool's own schema before calling `run`, so each run only ever sees its schema's output.
export const builtinTools: readonly BuiltinTool[] = [currentTimeTool, calculatorTool, jsonPathExtractTool, webPageToTextTool];
