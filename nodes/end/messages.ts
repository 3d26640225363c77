import { defineNodeMessages } from "../panel-props";

export const endMessages = defineNodeMessages(
  {
    label: "End",
    description: "Finishes the workflow and returns the chosen values as its result.",
    outputs: "Outputs",
    outputsHint: "The run's result has one field per output. Text outputs stream to the caller as they are produced.",
    empty: "No outputs yet: the run will finish with an empty result.",
    addOutput: "Add output",
    name: "Name",
    value: "Value",
  },
  {
    label: "结束",
    description: "结束工作流，并将选定的值作为运行结果返回。",
    outputs: "输出",
    outputsHint: "运行结果中每个输出对应一个字段。文本输出会在生成时流式返回给调用方。",
    empty: "还没有输出：运行将返回空结果。",
    addOutput: "添加输出",
    name: "名称",
    value: "值",
  },
);
