/**
 * Removes secrets from a graph before it leaves the workspace (export, templates). A value that
 * is only references (`{{env.API_KEY}}`) is kept: it names a workspace secret, it is not one.
 *
 * What counts as secret:
 * - http-request auth: bearer token, basic password, API-key value;
 * - header / query / form rows whose name looks secret (authorization, cookie, *token*, *key*,
 *   *secret*, *password*, …);
 * - any config field, at any depth, whose key looks secret and whose value is a string.
 *
 * A removed value becomes a `{{env.NAME}}` reference rather than "": the node still validates
 * (an auth header needs a value), and the importing workspace only has to define that secret.
 */
import type { Graph } from "@/nodes/graph";

const SECRET_NAME = /(authorization|cookie|token|secret|passw(or)?d|api[-_]?key|apikey|access[-_]?key|private[-_]?key|credential|session|signature|^x-api-key$)/i;
/** Only `{{env.*}}` references and whitespace: a pointer to a secret, safe to keep. */
const ONLY_ENV_REFERENCES = /^\s*(\{\{\s*env\.[A-Za-z_][A-Za-z0-9_]*\s*\}\}\s*)+$/;

export const isSecretName = (name: string): boolean => SECRET_NAME.test(name);

function keep(value: string): boolean {
  return value === "" || ONLY_ENV_REFERENCES.test(value);
}

export interface StrippedSecret {
  nodeId: string;
  path: string;
  /** The workspace secret the value now refers to. */
  envName: string;
}

/** `SECRET_<NODE>_<PATH>`, upper-case, in the `{{env.NAME}}` identifier alphabet. */
export function secretEnvName(nodeId: string, path: string): string {
  return `SECRET_${nodeId}_${path}`.toUpperCase().replace(/[^A-Z0-9_]+/g, "_").replace(/_+/g, "_").slice(0, 100);
}

const placeholder = (nodeId: string, path: string) => `{{env.${secretEnvName(nodeId, path)}}}`;

type Json = unknown;

function stripValue(nodeId: string, value: Json, path: string[], stripped: string[], secretContext: boolean): Json {
  if (typeof value === "string") {
    if (secretContext && !keep(value)) {
      stripped.push(path.join("."));
      return placeholder(nodeId, path.join("."));
    }
    return value;
  }
  if (Array.isArray(value)) return value.map((item, i) => stripValue(nodeId, item, [...path, String(i)], stripped, secretContext));
  if (typeof value === "object" && value !== null) {
    const record = value as Record<string, Json>;
    // Key/value rows (headers, query, form fields): the row's name decides for its value.
    if (typeof record.key === "string" && "value" in record && Object.keys(record).length <= 3) {
      const secretRow = secretContext || isSecretName(record.key);
      return { ...record, value: stripValue(nodeId, record.value, [...path, "value"], stripped, secretRow) };
    }
    const out: Record<string, Json> = {};
    for (const [key, child] of Object.entries(record)) {
      out[key] = stripValue(nodeId, child, [...path, key], stripped, secretContext || isSecretName(key));
    }
    return out;
  }
  return value;
}

/** http-request auth values are secrets whatever they are called (`value` of an api_key auth). */
function stripHttpAuth(nodeId: string, config: Record<string, Json>, stripped: string[]): Record<string, Json> {
  const auth = config.auth;
  if (typeof auth !== "object" || auth === null || Array.isArray(auth)) return config;
  const clean: Record<string, Json> = { ...(auth as Record<string, Json>) };
  for (const field of ["token", "password", "value"]) {
    const v = clean[field];
    if (typeof v === "string" && !keep(v)) {
      stripped.push(`auth.${field}`);
      clean[field] = placeholder(nodeId, `auth.${field}`);
    }
  }
  return { ...config, auth: clean };
}

export function stripSecrets(graph: Graph): { graph: Graph; stripped: StrippedSecret[] } {
  const stripped: StrippedSecret[] = [];
  const nodes = graph.nodes.map((node) => {
    const paths: string[] = [];
    let config = stripValue(node.id, node.data.config, [], paths, false) as Record<string, Json>;
    if (node.type === "http-request") config = stripHttpAuth(node.id, config, paths);
    const policy = node.data.policy ? { ...node.data.policy, defaultOutputs: stripValue(node.id, node.data.policy.defaultOutputs, ["defaultOutputs"], paths, false) as Record<string, Json> } : undefined;
    stripped.push(...paths.map((path) => ({ nodeId: node.id, path, envName: secretEnvName(node.id, path) })));
    return { ...node, data: { ...node.data, config, ...(policy ? { policy } : {}) } };
  });
  return { graph: { ...graph, nodes }, stripped };
}
