/**
 * The callback service and API clients wired to the deployment: base URLs and allow-list from
 * the environment, tokens and de-duplication in the shared Redis (in memory without one).
 */
import { env } from "../env";
import { redisConnection } from "../queue/redis";
import { parseAllowedHosts } from "../security/http";
import { AccessTokenCache } from "./access-token-cache";
import { createCallbackService, type AnswerFn, type CallbackService, type CallbackServiceDeps } from "./callback-service";
import type { WechatChannel } from "./channel-config";
import { createDeliveryDedupe } from "./delivery-dedupe";
import { createPlatformSender, type TextSender } from "./wechat-api";

const globalForChannels = globalThis as unknown as { agentloomChannelTokens?: AccessTokenCache };

function redisPrefix(): string {
  return `${env().REDIS_PREFIX}:channels`;
}

/** One token cache per process, so concurrent sends in it share a refresh. */
export function channelTokenCache(): AccessTokenCache {
  globalForChannels.agentloomChannelTokens ??= new AccessTokenCache({ redis: redisConnection(), prefix: redisPrefix() });
  return globalForChannels.agentloomChannelTokens;
}

/** The active-send client for a channel, pointed at the configured API base URLs. */
export function platformSenderFor(channel: WechatChannel): TextSender {
  const e = env();
  return createPlatformSender(channel, {
    wecomBaseUrl: e.CHANNELS_WECOM_API_BASE_URL,
    officialAccountBaseUrl: e.CHANNELS_WECHAT_API_BASE_URL,
    allowedHosts: parseAllowedHosts(e.CHANNELS_API_ALLOWED_HOSTS),
    tokens: channelTokenCache(),
  });
}

export interface ChannelCallbackOptions extends Pick<CallbackServiceDeps, "onActivity" | "unsupportedReply" | "failureReply"> {
  /** Loads a channel by id with its secrets decrypted, or null when there is none. */
  findChannel(channelId: string): Promise<WechatChannel | null>;
  answer: AnswerFn;
}

export function createChannelCallbackService(options: ChannelCallbackOptions): CallbackService {
  const e = env();
  return createCallbackService({
    ...options,
    senderFor: platformSenderFor,
    dedupe: createDeliveryDedupe({
      redis: redisConnection(),
      prefix: redisPrefix(),
      // WeChat retries within ~15 s; a replay inside the window must still find the mark.
      ttlSeconds: Math.max(60, 2 * e.CHANNELS_REPLAY_WINDOW_SECONDS),
    }),
    replayWindowSeconds: e.CHANNELS_REPLAY_WINDOW_SECONDS,
    passiveReplyMs: e.CHANNELS_PASSIVE_REPLY_MS,
  });
}
