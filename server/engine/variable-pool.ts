/**
 * The values nodes read by selector. A container body gets a child pool: it sees everything
 * the run has produced so far, plus its own pass's values, without the passes seeing each other.
 */
import { resolveSelector } from "@/nodes/references";

export class VariablePool {
  private readonly values = new Map<string, unknown>();

  constructor(private readonly parent: VariablePool | null = null) {}

  set(root: string, value: unknown): void {
    this.values.set(root, value);
  }

  /** The value of one root (node id, `sys`, `env`, `conversation`), nearest scope first. */
  root(root: string): unknown {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- walking the parent chain
    for (let pool: VariablePool | null = this; pool; pool = pool.parent) {
      if (pool.values.has(root)) return pool.values.get(root);
    }
    return undefined;
  }

  get(selector: readonly string[]): unknown {
    const [root, ...path] = selector;
    if (root === undefined) return undefined;
    const value = this.root(root);
    return path.length === 0 ? value : resolveSelector(value, path);
  }

  child(): VariablePool {
    return new VariablePool(this);
  }
}
