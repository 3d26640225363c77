import pino, { type Logger } from "pino";

// Shared through globalThis because the custom server and Next's bundled route code each get
// their own copy of this module.
const globalForLogger = globalThis as unknown as { agentloomLogger?: Logger };

export function logger(): Logger {
  globalForLogger.agentloomLogger ??= pino({
    level: process.env.LOG_LEVEL ?? "info",
    base: { service: process.env.AGENTLOOM_PROCESS ?? "web" },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
  return globalForLogger.agentloomLogger;
}

/** A logger whose every line carries the request id, so one request's lines can be grepped together. */
export function requestLogger(requestId: string): Logger {
  return logger().child({ requestId });
}
