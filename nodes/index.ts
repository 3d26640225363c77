/**
 * Every node type's definition, keyed by type (shared by canvas and server). Adding a node type
 * adds one line here, one in server.ts and one in panels.ts.
 */
import type { NodeRegistry } from "./node-definition";
import { startDefinition } from "./start/definition";
import { endDefinition } from "./end/definition";
import { answerDefinition } from "./answer/definition";
import { templateDefinition } from "./template/definition";
import { iterationDefinition } from "./iteration/definition";
import { llmDefinition } from "./llm/definition";
import { questionClassifierDefinition } from "./question-classifier/definition";
import { parameterExtractorDefinition } from "./parameter-extractor/definition";
import { agentDefinition } from "./agent/definition";
import { knowledgeRetrievalDefinition } from "./knowledge-retrieval/definition";
import { variableAggregatorDefinition } from "./variable-aggregator/definition";
import { loopDefinition } from "./loop/definition";
import { conditionDefinition } from "./condition/definition";
import { httpRequestDefinition } from "./http-request/definition";
import { toolDefinition } from "./tool/definition";
import { codeDefinition } from "./code/definition";
import { moderationDefinition } from "./moderation/definition";

export const nodeDefinitions: NodeRegistry = {
  start: startDefinition,
  end: endDefinition,
  answer: answerDefinition,
  template: templateDefinition,
  iteration: iterationDefinition,
  llm: llmDefinition,
  "question-classifier": questionClassifierDefinition,
  "parameter-extractor": parameterExtractorDefinition,
  agent: agentDefinition,
  "knowledge-retrieval": knowledgeRetrievalDefinition,
  "variable-aggregator": variableAggregatorDefinition,
  loop: loopDefinition,
  condition: conditionDefinition,
  "http-request": httpRequestDefinition,
  tool: toolDefinition,
  code: codeDefinition,
  moderation: moderationDefinition,
};
