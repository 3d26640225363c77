"use client";

/**
 * A node type's name and description in the UI language, from its folder's messages (every
 * node folder's messages have `label` and `description`).
 */
import { useCallback } from "react";
import { useLocale } from "../i18n/i18n-provider";
import { agentMessages } from "@/nodes/agent/messages";
import { answerMessages } from "@/nodes/answer/messages";
import { codeMessages } from "@/nodes/code/messages";
import { conditionMessages } from "@/nodes/condition/messages";
import { endMessages } from "@/nodes/end/messages";
import { httpRequestMessages } from "@/nodes/http-request/messages";
import { iterationMessages } from "@/nodes/iteration/messages";
import { knowledgeRetrievalMessages } from "@/nodes/knowledge-retrieval/messages";
import { llmMessages } from "@/nodes/llm/messages";
import { loopMessages } from "@/nodes/loop/messages";
import { moderationMessages } from "@/nodes/moderation/messages";
import { parameterExtractorMessages } from "@/nodes/parameter-extractor/messages";
import { questionClassifierMessages } from "@/nodes/question-classifier/messages";
import { startMessages } from "@/nodes/start/messages";
import { templateMessages } from "@/nodes/template/messages";
import { toolMessages } from "@/nodes/tool/messages";
import { variableAggregatorMessages } from "@/nodes/variable-aggregator/messages";
import { definitionOf } from "./node-config";

type LabelMessages = { en: { label: string; description: string }; "zh-CN": { label: string; description: string } };

const MESSAGES: Readonly<Record<string, LabelMessages>> = {
  agent: agentMessages,
  answer: answerMessages,
  code: codeMessages,
  condition: conditionMessages,
  end: endMessages,
  "http-request": httpRequestMessages,
  iteration: iterationMessages,
  "knowledge-retrieval": knowledgeRetrievalMessages,
  llm: llmMessages,
  loop: loopMessages,
  moderation: moderationMessages,
  "parameter-extractor": parameterExtractorMessages,
  "question-classifier": questionClassifierMessages,
  start: startMessages,
  template: templateMessages,
  tool: toolMessages,
  "variable-aggregator": variableAggregatorMessages,
};

export function useNodeTypeText(): (type: string) => { label: string; description: string } {
  const { locale } = useLocale();
  return useCallback(
    (type: string) => {
      const messages = MESSAGES[type];
      if (messages) return { label: messages[locale].label, description: messages[locale].description };
      return { label: definitionOf(type)?.label ?? type, description: "" };
    },
    [locale],
  );
}
