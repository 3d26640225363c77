/** Node type → execute (server only: only the engine imports this). One line per node type; see index.ts. */
import type { NodeExecutor } from "@/server/engine/node-context";
import { executeStart } from "./start/execute";
import { executeEnd } from "./end/execute";
import { executeAnswer } from "./answer/execute";
import { executeTemplate } from "./template/execute";
import { executeIteration } from "./iteration/execute";
import { executeLlm } from "./llm/execute";
import { executeQuestionClassifier } from "./question-classifier/execute";
import { executeParameterExtractor } from "./parameter-extractor/execute";
import { executeAgent } from "./agent/execute";
import { executeKnowledgeRetrieval } from "./knowledge-retrieval/execute";
import { executeVariableAggregator } from "./variable-aggregator/execute";
import { executeLoop } from "./loop/execute";
import { executeCondition } from "./condition/execute";
import { executeHttpRequest } from "./http-request/execute";
import { executeTool } from "./tool/execute";
import { executeCode } from "./code/execute";
import { executeModeration } from "./moderation/execute";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each executor's Config matches its own definition's schema
export const nodeExecutors: Readonly<Record<string, NodeExecutor<any>>> = {
  start: executeStart,
  end: executeEnd,
  answer: executeAnswer,
  template: executeTemplate,
  iteration: executeIteration,
  llm: executeLlm,
  "question-classifier": executeQuestionClassifier,
  "parameter-extractor": executeParameterExtractor,
  agent: executeAgent,
  "knowledge-retrieval": executeKnowledgeRetrieval,
  "variable-aggregator": executeVariableAggregator,
  loop: executeLoop,
  condition: executeCondition,
  "http-request": executeHttpRequest,
  tool: executeTool,
  code: executeCode,
  moderation: executeModeration,
};
