import type { NodeExecutor } from "@/server/engine/node-context";
import type { AnswerConfig } from "./definition";

export const executeAnswer: NodeExecutor<AnswerConfig> = async (ctx) => ({ outputs: { answer: ctx.render(ctx.config.answer) } });
