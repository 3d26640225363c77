/** Node type → execute (server only: only the engine imports this). One line per node type; see index.ts. */
import type { NodeExecutor } from "@/server/engine/node-context";
import { executeStart } from "./start/execute";
import { executeEnd } from "./end/execute";
import { executeAnswer } from "./answer/execute";
import { executeTemplate } from "./template/execute";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each executor's Config matches its own definition's schema
export const nodeExecutors: Readonly<Record<string, NodeExecutor<any>>> = {
  start: executeStart,
  end: executeEnd,
  answer: executeAnswer,
  template: executeTemplate,
};
