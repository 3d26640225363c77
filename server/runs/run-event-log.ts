/**
 * Where a run's events go and are read back from (SSE, blocking API calls, tests). Events are
 * numbered per run; a reader passes the last id it saw (`Last-Event-ID`) and gets everything
 * after it, then live events until the run's terminal event.
 *
 * With Redis, each run has a Redis Stream (`XADD` with the event number as id), so a worker in
 * another process can write and any web process can read and replay. Without Redis (embedded
 * mode, one process), the same contract is kept in memory.
 */
import type { Redis } from "ioredis";
import { TERMINAL_EVENTS, type RunEvent, type RunEventBody } from "../engine/events";

export interface RunEventWriter {
  append(event: RunEventBody): RunEvent;
  /** Resolves when every appended event is stored. */
  flush(): Promise<void>;
}

export interface RunEventLog {
  /** A writer for one run; a restarted run's writer continues numbering after its last event. */
  writer(runId: string): Promise<RunEventWriter>;
  /** Events after `afterId`, then live ones, ending after the terminal event or on abort. */
  read(runId: string, afterId: number, signal: AbortSignal): AsyncIterable<RunEvent>;
}

/** How long finished runs' events stay readable. */
const RETAIN_MS = 60 * 60_000;
/** A runaway run cannot hold unbounded memory; deltas beyond this are dropped from replay. */
const MAX_EVENTS_IN_MEMORY = 20_000;

interface MemoryRun {
  events: RunEvent[];
  next: number;
  done: boolean;
  listeners: Set<() => void>;
  expiry?: NodeJS.Timeout;
}

export class MemoryRunEventLog implements RunEventLog {
  private readonly runs = new Map<string, MemoryRun>();

  private entry(runId: string): MemoryRun {
    let run = this.runs.get(runId);
    if (!run) this.runs.set(runId, (run = { events: [], next: 1, done: false, listeners: new Set() }));
    return run;
  }

  writer(runId: string): Promise<RunEventWriter> {
    const run = this.entry(runId);
    return Promise.resolve({
      append: (body) => {
        const event = { ...body, id: run.next++ } as RunEvent;
        const terminal = TERMINAL_EVENTS.has(body.type);
        if (run.events.length < MAX_EVENTS_IN_MEMORY || body.type !== "node.delta") run.events.push(event);
        if (terminal) {
          run.done = true;
          run.expiry = setTimeout(() => this.runs.delete(runId), RETAIN_MS);
          run.expiry.unref();
        }
        for (const listener of run.listeners) listener();
        return event;
      },
      flush: () => Promise.resolve(),
    });
  }

  async *read(runId: string, afterId: number, signal: AbortSignal): AsyncIterable<RunEvent> {
    const run = this.entry(runId);
    // Events are stored in id order, so one cursor walks them: each event is looked at once.
    let index = run.events.findIndex((e) => e.id > afterId);
    if (index < 0) index = run.events.length;
    // One listener for the whole read (not one per wait): a streamed answer waits once per token.
    let wake: (() => void) | null = null;
    const onAbort = () => wake?.();
    signal.addEventListener("abort", onAbort, { once: true });
    try {
      for (;;) {
        while (index < run.events.length) {
          const event = run.events[index++]!;
          yield event;
          if (TERMINAL_EVENTS.has(event.type)) return;
        }
        if (run.done || signal.aborted) return;
        await new Promise<void>((resolve) => {
          wake = () => {
            run.listeners.delete(wake!);
            wake = null;
            resolve();
          };
          run.listeners.add(wake);
        });
      }
    } finally {
      signal.removeEventListener("abort", onAbort);
      if (wake) run.listeners.delete(wake);
    }
  }
}

/** Blocking reads wait this long before re-checking the abort signal. */
const BLOCK_MS = 5_000;

export class RedisRunEventLog implements RunEventLog {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(runId: string): string {
    return `${this.prefix}:run:${runId}:events`;
  }

  async writer(runId: string): Promise<RunEventWriter> {
    const key = this.key(runId);
    const last = await this.redis.xrevrange(key, "+", "-", "COUNT", 1);
    let next = last[0] ? Number.parseInt(last[0][0], 10) + 1 : 1;
    let pending: Promise<unknown> = Promise.resolve();
    return {
      append: (body) => {
        const event = { ...body, id: next++ } as RunEvent;
        // Commands on one connection run in order, so events land in the order they happened.
        const added = this.redis.xadd(key, `${event.id}-0`, "e", JSON.stringify(event));
        const stored = TERMINAL_EVENTS.has(body.type) ? Promise.all([added, this.redis.pexpire(key, RETAIN_MS)]) : added;
        pending = Promise.all([pending, stored]);
        return event;
      },
      flush: async () => {
        await pending;
      },
    };
  }

  async *read(runId: string, afterId: number, signal: AbortSignal): AsyncIterable<RunEvent> {
    const key = this.key(runId);
    // XREAD BLOCK holds its connection, so each reader gets its own.
    const reader = this.redis.duplicate();
    const stop = () => reader.disconnect();
    signal.addEventListener("abort", stop, { once: true });
    try {
      let last = `${afterId}-0`;
      while (!signal.aborted) {
        const reply = (await reader.xread("COUNT", 500, "BLOCK", BLOCK_MS, "STREAMS", key, last)) as [string, [string, string[]][]][] | null;
        for (const [, entries] of reply ?? []) {
          for (const [id, fields] of entries) {
            last = id;
            const event = JSON.parse(fields[1] ?? "null") as RunEvent;
            yield event;
            if (TERMINAL_EVENTS.has(event.type)) return;
          }
        }
      }
    } catch (error) {
      // Disconnecting on abort makes the blocked XREAD reject; that is the normal way out.
      if (!signal.aborted) throw error;
    } finally {
      signal.removeEventListener("abort", stop);
      reader.disconnect();
    }
  }
}
