import type { NodeExecutor } from "@/server/engine/node-context";
import { BLOCKED_BRANCH, matchedKeyword, PASS_BRANCH, type ModerationConfig } from "./definition";

export const executeModeration: NodeExecutor<ModerationConfig> = async (ctx) => {
  const { config } = ctx;
  const text = ctx.render(config.text);
  const keyword = matchedKeyword(text, config.keywords);
  if (keyword !== null) ctx.log("info", `Blocked: the ${config.direction} contains a listed keyword`);
  const outputs = { text: keyword === null ? text : config.reply, blocked: keyword !== null, keyword: keyword ?? "" };
  // The trace records which keyword matched, not the blocked text itself.
  const inputs = { direction: config.direction, length: text.length };
  if (config.direction === "input") return { outputs, branch: keyword === null ? PASS_BRANCH : BLOCKED_BRANCH, inputs };
  return { outputs, inputs };
};
