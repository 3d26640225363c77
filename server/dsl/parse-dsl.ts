/**
 * DSL text → a checked document, or a BAD_REQUEST that names what is wrong and where: the size,
 * the YAML syntax (line and column), the version, the schema (the field's path), or the graph
 * (validateGraph's problems). Nothing is looked up in a workspace here.
 */
import { parse as parseYaml, YAMLParseError } from "yaml";
import type { z } from "zod";
import { nodeDefinitions } from "@/nodes";
import type { Graph } from "@/nodes/graph";
import { validateGraph } from "@/nodes/validate-graph";
import { AppError } from "../errors";
import { migrateDsl } from "./dsl-migrations";
import { dslDocumentSchema, MAX_DSL_BYTES, type DslDocument } from "./dsl.schema";
import { mapResources } from "./resource-references";

export interface ParsedDsl {
  document: DslDocument;
  /** The version the file was written in (older ones were migrated). */
  fromVersion: number;
}

function issuePath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? "(top level)" : path.map(String).join(".");
}

function schemaError(error: z.ZodError): AppError {
  const shown = error.issues.slice(0, 5).map((issue) => `${issuePath(issue.path)}: ${issue.message}`);
  const more = error.issues.length > 5 ? ` (and ${error.issues.length - 5} more)` : "";
  return new AppError("BAD_REQUEST", `The file does not match the app DSL: ${shown.join("; ")}${more}`);
}

/**
 * The graph as validateGraph would see it after import: names stand where ids will be, and a
 * name is not a valid tool ref, so each distinct name becomes a placeholder of the right shape.
 */
function withPlaceholders(graph: Graph): Graph {
  const seen = new Map<string, string>();
  return mapResources(graph, (kind, value) => {
    if (kind === "tool" && value.startsWith("builtin:")) return value;
    const key = `${kind}\u0000${value}`;
    if (!seen.has(key)) seen.set(key, `ref_${seen.size + 1}`);
    const token = seen.get(key)!;
    return kind === "tool" ? `workflow:${token}` : token;
  });
}

export function graphProblems(graph: Graph): string[] {
  if (graph.nodes.length === 0) return [];
  return validateGraph(graph, nodeDefinitions)
    .filter((p) => p.severity === "error")
    .map((p) => p.message);
}

export function parseDsl(text: string): ParsedDsl {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_DSL_BYTES) throw new AppError("BAD_REQUEST", `The file is ${Math.ceil(bytes / 1024)} KiB; app DSL files are at most ${MAX_DSL_BYTES / 1024 / 1024} MiB`);
  if (text.trim() === "") throw new AppError("BAD_REQUEST", "The file is empty");
  let raw: unknown;
  try {
    // maxAliasCount stops alias bombs ("billion laughs"); the core schema has no custom tags.
    raw = parseYaml(text, { maxAliasCount: 100, uniqueKeys: true, prettyErrors: true });
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const at = error.linePos?.[0];
      const where = at ? `line ${at.line}, column ${at.col}` : "unknown position";
      throw new AppError("BAD_REQUEST", `The file is not valid YAML (${where}): ${error.message.split("\n")[0]}`);
    }
    if (error instanceof Error) throw new AppError("BAD_REQUEST", `The file is not valid YAML: ${error.message}`);
    throw error;
  }
  const { doc, fromVersion } = migrateDsl(raw);
  const parsed = dslDocumentSchema.safeParse(doc);
  if (!parsed.success) throw schemaError(parsed.error);
  const problems = graphProblems(withPlaceholders(parsed.data.graph));
  if (problems.length > 0) {
    throw new AppError("BAD_REQUEST", `The graph in the file is not valid (${problems.length} problem${problems.length === 1 ? "" : "s"}): ${problems.slice(0, 5).join("; ")}`);
  }
  return { document: parsed.data, fromVersion };
}
