/** Helpers shared by the sandbox test files (not used by the sandbox itself). */
import { expect } from "vitest";
import type { SandboxErrorKind, SandboxResult } from "./types";

export function expectOk(result: SandboxResult): Extract<SandboxResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected success, got ${result.error.kind}: ${result.error.message}`);
  return result;
}

export function expectError(result: SandboxResult, kind: SandboxErrorKind | SandboxErrorKind[]): Extract<SandboxResult, { ok: false }> {
  if (result.ok) throw new Error(`expected a ${String(kind)} error, got output ${JSON.stringify(result.output).slice(0, 300)}`);
  expect(Array.isArray(kind) ? kind : [kind]).toContain(result.error.kind);
  expect(result.error.message.length).toBeGreaterThan(0);
  return result;
}

/** Runs `fn` with a fresh AbortController aborted after `ms`. */
export function abortAfter(ms: number): AbortSignal {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), ms);
  return controller.signal;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Busy-waits inside the sandbox (there are no timers there) for about `ms`. */
export function busyCode(ms: number, output = "{ done: true }"): string {
  return `function main() { const end = Date.now() + ${ms}; while (Date.now() < end) {} return ${output}; }`;
}
