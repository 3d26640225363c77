/**
 * Runs the fake WeCom / Official Account API on its own, for e2e web servers and manual testing:
 *
 *   npx tsx scripts/fake-wechat/cli.ts --port 8012 [--host 127.0.0.1]
 *       [--wecom corpId:secret:agentId[,…]] [--oa appId:appSecret[,…]] [--token-expires-in 7200]
 *
 * Prints the base URL once listening; point CHANNELS_WECOM_API_BASE_URL and
 * CHANNELS_WECHAT_API_BASE_URL at it (and allow 127.0.0.1 in CHANNELS_API_ALLOWED_HOSTS).
 * Behaviour changes while it runs through /__fake/* (see server.ts). Stops on SIGINT/SIGTERM.
 */
import { parseArgs } from "node:util";
import { runCli } from "../lib/loopback-server";
import { startFakeWechat, type FakeOfficialAccount, type FakeWecomApp } from "./server";

const USAGE = "Usage: tsx scripts/fake-wechat/cli.ts [--port 8012] [--host 127.0.0.1] [--wecom corpId:secret:agentId,...] [--oa appId:appSecret,...] [--token-expires-in SECONDS]";

function list(value: string | undefined): string[] {
  return value === undefined ? [] : value.split(",").map((item) => item.trim()).filter(Boolean);
}

function wecomApps(value: string | undefined): FakeWecomApp[] {
  return list(value).map((item) => {
    const [corpId, secret, agentId] = item.split(":");
    if (!corpId || !secret || !agentId || !/^\d+$/.test(agentId)) throw new Error(`--wecom: "${item}" is not corpId:secret:agentId.`);
    return { corpId, secret, agentId: Number(agentId) };
  });
}

function officialAccounts(value: string | undefined): FakeOfficialAccount[] {
  return list(value).map((item) => {
    const [appId, appSecret] = item.split(":");
    if (!appId || !appSecret) throw new Error(`--oa: "${item}" is not appId:appSecret.`);
    return { appId, appSecret };
  });
}

function whole(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new Error(`--${name} must be a whole number, got "${value}".`);
  return Number(value);
}

async function main(): Promise<{ close(): Promise<void> } | void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      host: { type: "string" },
      wecom: { type: "string" },
      oa: { type: "string" },
      "token-expires-in": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const server = await startFakeWechat({
    port: whole("port", values.port, 8012),
    host: values.host,
    wecom: wecomApps(values.wecom),
    officialAccounts: officialAccounts(values.oa),
  });
  server.set({ tokenExpiresIn: whole("token-expires-in", values["token-expires-in"], 7200) });
  console.log(`Fake WeChat API listening on ${server.url}`);
  return server;
}

runCli(main, USAGE);
