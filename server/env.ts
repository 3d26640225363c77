import { z } from "zod";

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const postgresUrl = z
  .string()
  .refine((v) => /^postgres(ql)?:\/\//.test(v), "must be a postgres:// or postgresql:// URL");

const httpUrl = z.url().refine((v) => /^https?:\/\//.test(v), "must be an http:// or https:// URL");

const redisUrl = z.string().refine((v) => /^rediss?:\/\//.test(v), "must be a redis:// or rediss:// URL");

/** 32 bytes as base64 or hex, for AES-256-GCM. */
const encryptionKey = z.string().refine((v) => decodeKey(v) !== null, {
  message: "must be 32 bytes encoded as base64 (44 chars) or hex (64 chars); generate one with `openssl rand -base64 32`",
});

export function decodeKey(value: string): Buffer | null {
  const trimmed = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, "hex");
  const buf = Buffer.from(trimmed, "base64");
  return buf.length === 32 ? buf : null;
}

export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    HOST: z.string().default("0.0.0.0"),
    DATA_DIR: z.string().default("./data"),
    DATABASE_URL: postgresUrl,
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    REDIS_URL: optionalString.pipe(redisUrl.optional()),
    REDIS_PREFIX: z.string().default("agentloom"),
    AUTH_SECRET: z.string().min(32, "must be at least 32 characters; generate one with `openssl rand -base64 32`"),
    AUTH_URL: optionalString.pipe(z.url().optional()),
    AUTH_OIDC_ISSUER: optionalString.pipe(z.url().optional()),
    AUTH_OIDC_ID: optionalString,
    AUTH_OIDC_SECRET: optionalString,
    AUTH_OIDC_NAME: z.string().default("SSO"),
    ENCRYPTION_KEY: encryptionKey,
    TRUST_PROXY: z
      .enum(["true", "false", "1", "0", ""])
      .default("false")
      .transform((v) => v === "true" || v === "1"),
    RATE_LIMIT_SIGNUPS_PER_HOUR: z.coerce.number().int().min(1).default(20),
    RATE_LIMIT_SIGNINS_PER_15_MIN: z.coerce.number().int().min(1).default(10),
    INFERENCE_ALLOWED_HOSTS: z.string().default(""),
    INFERENCE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
    INFERENCE_FIRST_TOKEN_TIMEOUT_MS: z.coerce.number().int().min(100).default(60_000),
    INFERENCE_TOTAL_TIMEOUT_MS: z.coerce.number().int().min(100).default(600_000),
    INFERENCE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
    INFERENCE_BREAKER_FAILURES: z.coerce.number().int().min(1).default(5),
    INFERENCE_BREAKER_COOLDOWN_MS: z.coerce.number().int().min(10).default(30_000),
    VLLM_BASE_URL: optionalString.pipe(z.url().optional()),
    VLLM_API_KEY: optionalString,
    /** Private hosts/CIDRs workflow HTTP nodes and tools may reach (intranet APIs); see security/http. */
    WORKFLOW_ALLOWED_HOSTS: z.string().default(""),
    /** Path to a JSON file of local (stdio) MCP servers the operator offers to every workspace; see server/tools/mcp/operator-mcp-servers.ts. */
    MCP_SERVERS_CONFIG: optionalString,
    /** Where runs execute: "auto" = on the BullMQ queue when REDIS_URL is set, else in the web process. */
    RUN_EXECUTION: z.enum(["auto", "inline"]).default("auto"),
    RUN_MAX_STEPS: z.coerce.number().int().min(1).max(100_000).default(500),
    RUN_MAX_TIME_MS: z.coerce.number().int().min(100).default(10 * 60_000),
    RUN_NODE_TIMEOUT_MS: z.coerce.number().int().min(10).default(5 * 60_000),
    RUN_MAX_ITERATIONS: z.coerce.number().int().min(1).default(1000),
    RUN_MAX_VARIABLE_BYTES: z.coerce.number().int().min(1024).default(4 * 1024 * 1024),
    RUN_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
    /** Runs one worker process executes at once. */
    RUN_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(16),
    /** How long a worker may go silent before its runs count as abandoned (BullMQ lock; heartbeat). */
    RUN_LOCK_MS: z.coerce.number().int().min(500).default(30_000),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    /** WeCom API origin; private deployments (and tests' fake server) use their own. */
    CHANNELS_WECOM_API_BASE_URL: httpUrl.default("https://qyapi.weixin.qq.com"),
    /** WeChat Official Account API origin. */
    CHANNELS_WECHAT_API_BASE_URL: httpUrl.default("https://api.weixin.qq.com"),
    /** Private hosts/CIDRs the channel API base URLs may point at (like INFERENCE_ALLOWED_HOSTS). */
    CHANNELS_API_ALLOWED_HOSTS: z.string().default(""),
    /** Callbacks whose signed timestamp is further than this from now are refused as replays. */
    CHANNELS_REPLAY_WINDOW_SECONDS: z.coerce.number().int().min(10).max(86_400).default(300),
    /** How long an Official Account callback waits for the answer to send it as the passive reply (the platform gives up after 5 s). */
    CHANNELS_PASSIVE_REPLY_MS: z.coerce.number().int().min(0).max(4_800).default(4_500),
    /** Largest file a knowledge base accepts per upload, in megabytes. */
    KNOWLEDGE_MAX_FILE_MB: z.coerce.number().min(0.001).max(1024).default(20),
    /** An ingestion job silent this long is taken as dead and its document marked failed. */
    KNOWLEDGE_JOB_TIMEOUT_MS: z.coerce.number().int().min(1000).default(30 * 60_000),
    /** Ingestion jobs one worker process runs at once. */
    KNOWLEDGE_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
    /** Requests per minute one API key may make to the retrieval API. */
    RATE_LIMIT_KNOWLEDGE_API_PER_MINUTE: z.coerce.number().int().min(1).default(120),
    /**
     * Comma-separated emails of instance admins (may publish marketplace templates to every
     * workspace). Unset: the first user who signed up is the instance admin.
     */
    INSTANCE_ADMIN_EMAILS: z.string().default(""),
    /** Requests per minute one app API key may make to the developer API (chat completions, workflow runs, …). */
    RATE_LIMIT_APP_API_PER_MINUTE: z.coerce.number().int().min(1).default(600),
    /** Largest JSON body the developer API accepts, in kilobytes (413 above it). */
    APP_API_MAX_BODY_KB: z.coerce.number().int().min(1).max(102_400).default(1024),
  })
  .superRefine((env, ctx) => {
    const oidc = [env.AUTH_OIDC_ISSUER, env.AUTH_OIDC_ID, env.AUTH_OIDC_SECRET];
    if (oidc.some(Boolean) && !oidc.every(Boolean)) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_OIDC_ISSUER"],
        message: "AUTH_OIDC_ISSUER, AUTH_OIDC_ID and AUTH_OIDC_SECRET must be set together",
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

export class InvalidEnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "InvalidEnvironmentError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join(".") || "environment";
    const given = source[String(issue.path[0])];
    return `${name}: ${given === undefined && issue.code !== "custom" ? "is required" : issue.message}`;
  });
  throw new InvalidEnvironmentError(problems);
}

let cached: Env | undefined;

/** The validated environment; throws an error naming every bad variable. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

export function isOidcEnabled(e: Env = env()): boolean {
  return Boolean(e.AUTH_OIDC_ISSUER && e.AUTH_OIDC_ID && e.AUTH_OIDC_SECRET);
}

/** Forgets the validated environment so the next env() reads process.env again (tests and benchmarks that switch modes). */
export function resetEnvCache(): void {
  cached = undefined;
}
