import { randomBytes } from "node:crypto";
import { defineConfig } from "@playwright/test";
import { E2E_FAKE_WECHAT_PORT, E2E_FAKE_WECHAT_URL, E2E_WECOM_APP } from "./e2e/fixtures/fake-wechat";
import { E2E_OIDC_CLIENT, E2E_OIDC_NAME } from "./e2e/fixtures/oidc-identity";

// `npm test` (scripts/test.mjs) builds the app, creates a migrated database and picks a free
// port, then hands them over as E2E_DATABASE_URL / E2E_PORT. Run directly (`npm run
// test:e2e`), it falls back to DATABASE_URL and port 3100 after a `next build`.
const port = Number(process.env.E2E_PORT ?? 3100);
// "localhost", not 127.0.0.1: Next.js rewrites 127.0.0.1 to localhost in the URLs it builds
// (so Auth.js's OAuth callback would land on another host than the browser's cookies).
const baseURL = `http://localhost:${port}`;
const databaseUrl = process.env.E2E_DATABASE_URL ?? process.env.DATABASE_URL;
// The fake OpenID Connect provider the server trusts for SSO sign-in (e2e/fixtures/fake-oidc.ts).
const oidcPort = Number(process.env.E2E_OIDC_PORT ?? port + 1);
const oidcIssuer = `http://127.0.0.1:${oidcPort}`;
// The fake WeCom / Official Account API the WeCom channel answers through (e2e/channels.e2e.ts).

// The server refuses to start without these; throwaway values are fine for a test server.
// (Only the main Playwright process starts the server, so values generated here are stable.)
const authSecret = process.env.AUTH_SECRET ?? randomBytes(32).toString("base64");
const encryptionKey = process.env.ENCRYPTION_KEY ?? randomBytes(32).toString("base64");

// This machine has no internet: Debian's Chromium, never a downloaded browser build, and
// flags that stop Chromium from reaching out to Google services at start.
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export default defineConfig({
  testDir: "e2e",
  testMatch: "*.e2e.ts",
  outputDir: "test-results",
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  // Two cores: one is busy serving the app, so more than two browsers only adds contention.
  workers: 2,
  fullyParallel: false,
  timeout: 60_000,
  reporter: "list",
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        browserName: "chromium",
        launchOptions: { executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS },
      },
    },
  ],
  webServer: [
    {
      command: `node --import tsx e2e/fixtures/fake-oidc-cli.ts --port ${oidcPort}`,
      url: `${oidcIssuer}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      command: `node --import tsx scripts/fake-wechat/cli.ts --port ${E2E_FAKE_WECHAT_PORT} --wecom ${E2E_WECOM_APP.corpId}:${E2E_WECOM_APP.secret}:${E2E_WECOM_APP.agentId}`,
      url: `${E2E_FAKE_WECHAT_URL}/__fake/behavior`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      // The production server (serves the `next build` output, applies pending migrations).
      command: "node --import tsx scripts/serve.ts",
      url: `http://127.0.0.1:${port}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      // Startup errors go to stderr and stay visible; per-request access logs would drown the list.
      stdout: "ignore",
      stderr: "pipe",
      // SIGTERM lets the server close its database pool before the test database is dropped.
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
      env: {
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        HOST: "127.0.0.1",
        PORT: String(port),
        AUTH_URL: baseURL,
        AUTH_SECRET: authSecret,
        ENCRYPTION_KEY: encryptionKey,
        ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
        // Inline mode (no Redis) unless a run asks for queue mode explicitly.
        REDIS_URL: process.env.E2E_REDIS_URL ?? "",
        // Every test signs up from 127.0.0.1; the per-address limits guard real deployments.
        RATE_LIMIT_SIGNUPS_PER_HOUR: "10000",
        RATE_LIMIT_SIGNINS_PER_15_MIN: "10000",
        // Tests point model providers at the fake OpenAI-compatible server on loopback.
        INFERENCE_ALLOWED_HOSTS: "127.0.0.1",
        // Tools (OpenAPI, MCP) and HTTP nodes call APIs the tests start on loopback.
        WORKFLOW_ALLOWED_HOSTS: "127.0.0.1",
        AUTH_OIDC_ISSUER: oidcIssuer,
        AUTH_OIDC_ID: E2E_OIDC_CLIENT.clientId,
        AUTH_OIDC_SECRET: E2E_OIDC_CLIENT.clientSecret,
        AUTH_OIDC_NAME: E2E_OIDC_NAME,
        CHANNELS_WECOM_API_BASE_URL: E2E_FAKE_WECHAT_URL,
        CHANNELS_WECHAT_API_BASE_URL: E2E_FAKE_WECHAT_URL,
        CHANNELS_API_ALLOWED_HOSTS: "127.0.0.1",
      },
    },
  ],
});
