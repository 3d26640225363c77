/**
 * The callback endpoint of stored channels: the process-wide callback service reading channels
 * from the database, answering with the app's published version and logging activity for the
 * status panel.
 *
 * Where answers run: the callback is acknowledged at once and the answer is produced by a
 * background promise in the web process that received it (the callback service tracks it).
 * In inline mode the app's run executes in that promise; in queue mode (REDIS_URL) the run
 * itself is a durable BullMQ job on a worker and the promise only waits for its result and
 * sends it. A web process that stops between acknowledging and sending loses that one reply
 * (the run and its answer stay in the app's logs); the platforms' own retries cannot help
 * either way, since the delivery was already acknowledged.
 */
import type { Db } from "../db";
import { db as defaultDb } from "../db";
import type { CallbackService } from "./callback-service";
import { answerChannelMessage } from "./channel-answer";
import { eventFromActivity, recordChannelEventSoon } from "./channel-events";
import { createChannelCallbackService } from "./channel-runtime";
import { loadLiveChannel } from "./channels.service";

export const UNSUPPORTED_MESSAGE_REPLY = "Sorry, I can only read text messages for now. 抱歉，目前只能处理文字消息。";
export const FAILED_ANSWER_REPLY = "Sorry, something went wrong while answering. Please try again later. 抱歉，回答时出了点问题，请稍后再试。";

export function createStoredChannelCallbacks(db: Db): CallbackService {
  return createChannelCallbackService({
    findChannel: async (channelId) => (await loadLiveChannel(db, channelId))?.config ?? null,
    answer: async ({ channel, userId, text }) => {
      // Re-read: the channel may have been disabled or moved since the callback arrived.
      const live = await loadLiveChannel(db, channel.id);
      if (!live) throw new Error("The channel was disabled or deleted before the answer started");
      return answerChannelMessage(db, live, userId, text);
    },
    onActivity: (activity) => recordChannelEventSoon(db, eventFromActivity(activity)),
    unsupportedReply: UNSUPPORTED_MESSAGE_REPLY,
    failureReply: FAILED_ANSWER_REPLY,
  });
}

const globalForCallbacks = globalThis as unknown as { agentloomChannelCallbacks?: CallbackService };

/**
 * Waits (at most `maxMs`) for WeCom / Official Account answers this process acknowledged but
 * has not sent yet, so a graceful shutdown delivers them. Reads the instance the route created
 * (Next bundles this module separately from scripts/serve.ts; the instance lives on globalThis).
 */
export async function drainChannelAnswers(maxMs: number): Promise<void> {
  const service = globalForCallbacks.agentloomChannelCallbacks;
  if (!service) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([service.idle(), new Promise<void>((resolve) => (timer = setTimeout(resolve, maxMs)))]);
  clearTimeout(timer);
}

/** One per process: its background answers and de-duplication marks (without Redis) are shared by all requests. */
export function channelCallbacks(): CallbackService {
  globalForCallbacks.agentloomChannelCallbacks ??= createStoredChannelCallbacks(defaultDb());
  return globalForCallbacks.agentloomChannelCallbacks;
}
