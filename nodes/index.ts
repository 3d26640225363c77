/**
 * Every node type's definition, keyed by type (shared by canvas and server). Adding a node type
 * adds one line here, one in server.ts and one in panels.ts.
 */
import type { NodeRegistry } from "./node-definition";
import { startDefinition } from "./start/definition";
import { endDefinition } from "./end/definition";
import { answerDefinition } from "./answer/definition";
import { templateDefinition } from "./template/definition";

export const nodeDefinitions: NodeRegistry = {
  start: startDefinition,
  end: endDefinition,
  answer: answerDefinition,
  template: templateDefinition,
};
