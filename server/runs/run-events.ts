/** The process-wide run event log: Redis Streams when Redis is configured, memory otherwise. */
import { env } from "../env";
import { redisConnection } from "../queue/redis";
import { MemoryRunEventLog, RedisRunEventLog, type RunEventLog } from "./run-event-log";

const globalForRunEvents = globalThis as unknown as { agentloomRunEvents?: { memory?: RunEventLog; redis?: RunEventLog } };

export function runEventLog(): RunEventLog {
  const logs = (globalForRunEvents.agentloomRunEvents ??= {});
  const redis = redisConnection();
  return redis ? (logs.redis ??= new RedisRunEventLog(redis, env().REDIS_PREFIX)) : (logs.memory ??= new MemoryRunEventLog());
}
