/**
 * The built-in tools as the canvas knows them (the browser cannot load server/tools): names and
 * argument names, so the panel can offer them. server/tools/tool-service.test.ts checks this list
 * against the real tools, so the two cannot drift apart.
 */
export const BUILTIN_TOOL_CATALOG = [
  { name: "current_time", arguments: ["timezone", "format"] },
  { name: "calculator", arguments: ["expression"] },
  { name: "json_path_extract", arguments: ["json", "path"] },
  { name: "web_page_to_text", arguments: ["url", "maxLength"] },
] as const satisfies ReadonlyArray<{ name: string; arguments: readonly string[] }>;

export type BuiltinToolName = (typeof BUILTIN_TOOL_CATALOG)[number]["name"];
