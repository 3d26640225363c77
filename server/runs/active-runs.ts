/**
 * Runs executing in this process, so a cancel can reach them. A cancel for a run executing in
 * another process (a worker) is published on Redis; every worker listens and aborts its own.
 */
import type { Redis } from "ioredis";
import { env } from "../env";
import { logger } from "../observability/logger";
import { redisConnection } from "../queue/redis";
import { RunCancelledError } from "../engine/limits";

class ActiveRuns {
  private readonly controllers = new Map<string, AbortController>();

  register(runId: string): AbortController {
    const controller = new AbortController();
    this.controllers.set(runId, controller);
    return controller;
  }

  unregister(runId: string): void {
    this.controllers.delete(runId);
  }

  /** True when the run executes here (and is now being stopped). */
  cancel(runId: string, reason: Error): boolean {
    const controller = this.controllers.get(runId);
    if (!controller) return false;
    controller.abort(reason);
    return true;
  }

  get size(): number {
    return this.controllers.size;
  }
}

const globalForRuns = globalThis as unknown as { agentloomActiveRuns?: ActiveRuns; agentloomCancelSubscriber?: Redis };

export const activeRuns: ActiveRuns = (globalForRuns.agentloomActiveRuns ??= new ActiveRuns());

function cancelChannel(): string {
  return `${env().REDIS_PREFIX}:runs:cancel`;
}

export async function publishCancel(runId: string): Promise<void> {
  await redisConnection()?.publish(cancelChannel(), runId);
}

/** Workers: abort local runs when a cancel is published anywhere. Idempotent. */
export async function listenForCancels(): Promise<void> {
  const redis = redisConnection();
  if (!redis || globalForRuns.agentloomCancelSubscriber) return;
  const subscriber = redis.duplicate();
  globalForRuns.agentloomCancelSubscriber = subscriber;
  subscriber.on("message", (_channel: string, runId: string) => {
    if (activeRuns.cancel(runId, new RunCancelledError("The run was cancelled by a user"))) logger().info({ runId }, "run cancelled");
  });
  await subscriber.subscribe(cancelChannel());
}

export async function stopListeningForCancels(): Promise<void> {
  const subscriber = globalForRuns.agentloomCancelSubscriber;
  globalForRuns.agentloomCancelSubscriber = undefined;
  if (subscriber) await subscriber.quit().catch(() => subscriber.disconnect());
}
