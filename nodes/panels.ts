/** Node type → settings panel (client). One line per node type; see index.ts. */
import type { NodePanel } from "./panel-props";
import { StartPanel } from "./start/panel";
import { EndPanel } from "./end/panel";
import { AnswerPanel } from "./answer/panel";
import { TemplatePanel } from "./template/panel";
import { IterationPanel } from "./iteration/panel";
import { LlmPanel } from "./llm/panel";
import { QuestionClassifierPanel } from "./question-classifier/panel";
import { ParameterExtractorPanel } from "./parameter-extractor/panel";
import { AgentPanel } from "./agent/panel";
import { KnowledgeRetrievalPanel } from "./knowledge-retrieval/panel";
import { VariableAggregatorPanel } from "./variable-aggregator/panel";
import { LoopPanel } from "./loop/panel";
import { ConditionPanel } from "./condition/panel";
import { HttpRequestPanel } from "./http-request/panel";
import { ToolPanel } from "./tool/panel";
import { CodePanel } from "./code/panel";
import { ModerationPanel } from "./moderation/panel";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each panel's Config matches its own definition's schema
export const nodePanels: Readonly<Record<string, NodePanel<any>>> = {
  start: StartPanel,
  end: EndPanel,
  answer: AnswerPanel,
  template: TemplatePanel,
  iteration: IterationPanel,
  llm: LlmPanel,
  "question-classifier": QuestionClassifierPanel,
  "parameter-extractor": ParameterExtractorPanel,
  agent: AgentPanel,
  "knowledge-retrieval": KnowledgeRetrievalPanel,
  "variable-aggregator": VariableAggregatorPanel,
  loop: LoopPanel,
  condition: ConditionPanel,
  "http-request": HttpRequestPanel,
  tool: ToolPanel,
  code: CodePanel,
  moderation: ModerationPanel,
};
