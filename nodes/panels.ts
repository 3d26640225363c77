/** Node type → settings panel (client). One line per node type; see index.ts. */
import type { NodePanel } from "./panel-props";
import { StartPanel } from "./start/panel";
import { EndPanel } from "./end/panel";
import { AnswerPanel } from "./answer/panel";
import { TemplatePanel } from "./template/panel";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each panel's Config matches its own definition's schema
export const nodePanels: Readonly<Record<string, NodePanel<any>>> = {
  start: StartPanel,
  end: EndPanel,
  answer: AnswerPanel,
  template: TemplatePanel,
};
