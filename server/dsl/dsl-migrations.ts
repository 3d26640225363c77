/**
 * Upgrades DSL documents written by older versions, one step at a time (v0 → v1 → …), before the
 * current schema checks them. Adding a version = bumping DSL_VERSION, changing dsl.schema.ts,
 * and appending one step here that rewrites the previous shape into the new one.
 */
import { AppError } from "../errors";
import { DSL_VERSION } from "./dsl.schema";

export type RawDsl = Record<string, unknown>;

export interface DslMigration {
  from: number;
  to: number;
  up(doc: RawDsl): RawDsl;
}

const isObject = (value: unknown): value is RawDsl => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * v0 was the pre-release export: the app's fields at the top level and the graph under
 * `workflow`, model references as a flat `models` list of names.
 */
const v0ToV1: DslMigration = {
  from: 0,
  to: 1,
  up(doc) {
    const { dslVersion: _version, name, description, icon, mode, workflow, models, ...rest } = doc;
    return {
      ...rest,
      dslVersion: 1,
      kind: "app",
      app: { name, description, icon, mode },
      graph: workflow,
      dependencies: { models: Array.isArray(models) ? models.map((m) => (typeof m === "string" ? { name: m } : m)) : [] },
    };
  },
};

export const DSL_MIGRATIONS: readonly DslMigration[] = [v0ToV1];

/** The document's `dslVersion`, or a BAD_REQUEST naming what is wrong with it. */
export function dslVersionOf(doc: unknown, current = DSL_VERSION): number {
  if (!isObject(doc)) throw new AppError("BAD_REQUEST", "The file is not an app DSL document: expected a YAML mapping at the top level");
  const version = doc.dslVersion;
  if (version === undefined) throw new AppError("BAD_REQUEST", "dslVersion: missing — this does not look like an Agentloom app DSL file");
  if (typeof version !== "number" || !Number.isInteger(version)) throw new AppError("BAD_REQUEST", `dslVersion: expected a whole number, got ${JSON.stringify(version)}`);
  if (version > current) throw new AppError("BAD_REQUEST", `dslVersion: ${version} is newer than this server understands (up to ${current}); upgrade Agentloom to import it`);
  if (version < 0) throw new AppError("BAD_REQUEST", `dslVersion: ${version} is not a known version`);
  return version;
}

/** Applies each step from the document's version up to `target`; a gap in the chain is a bug, reported as such. */
export function migrateDsl(doc: unknown, migrations: readonly DslMigration[] = DSL_MIGRATIONS, target = DSL_VERSION): { doc: RawDsl; fromVersion: number } {
  const fromVersion = dslVersionOf(doc, target);
  let current = doc as RawDsl;
  for (let version = fromVersion; version < target; version++) {
    const step = migrations.find((m) => m.from === version);
    if (!step) throw new AppError("BAD_REQUEST", `dslVersion: ${fromVersion} cannot be upgraded (no migration from version ${version})`);
    current = step.up(current);
    if (current.dslVersion !== step.to) throw new Error(`DSL migration ${step.from}→${step.to} did not set dslVersion`);
  }
  return { doc: current, fromVersion };
}
