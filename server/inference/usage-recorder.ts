import type { Db } from "../db";
import type { ModelKind } from "../generated/prisma/enums";
import { logger } from "../observability/logger";

export interface UsageRecord {
  workspaceId: string;
  appId: string | null;
  runId: string | null;
  channel: string | null;
  modelId: string;
  modelName: string;
  endpointId: string | null;
  kind: ModelKind;
  status: "ok" | "error";
  errorMessage: string | null;
  inputTokens: number;
  outputTokens: number;
  estimated: boolean;
  latencyMs: number;
  ttftMs: number | null;
  cost: number;
}

const FLUSH_INTERVAL_MS = 500;
const MAX_BUFFER = 200;

/**
 * Writes usage rows in batches off the request path: a model call should not wait for an
 * INSERT, and one multi-row INSERT per half second is far cheaper than one per call.
 */
export class UsageRecorder {
  private buffer: UsageRecord[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly db: () => Db) {}

  record(row: UsageRecord): void {
    this.buffer.push(row);
    if (this.buffer.length >= MAX_BUFFER) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), FLUSH_INTERVAL_MS);
      this.timer.unref();
    }
  }

  /** Writes everything recorded so far; resolves when it is in the database. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const rows = this.buffer;
    this.buffer = [];
    this.flushing = this.flushing.then(async () => {
      if (rows.length === 0) return;
      try {
        await this.db().modelUsage.createMany({ data: rows });
      } catch (error) {
        logger().error({ err: error, rows: rows.length }, "could not record model usage");
      }
    });
    return this.flushing;
  }
}
