import { defineNodeMessages } from "../panel-props";

export const iterationMessages = defineNodeMessages(
  {
    label: "Iteration",
    description: "Runs the nodes inside it once for every item of an array and collects what they produce.",
    items: "Array to iterate over",
    itemsHint: "Inside the body, use {{{id}.item}} and {{{id}.index}}.",
    output: "Collect this output of the body",
    parallel: "Run items in parallel",
    parallelHint: "Items still come out in their original order.",
    parallelism: "Items at once",
    errorMode: "When an item fails",
    errorFail: "Stop and fail the node",
    errorContinue: "Continue, put null for the item",
    errorDrop: "Continue, leave the item out",
  },
  {
    label: "迭代",
    description: "对数组中的每一项运行一次内部节点，并收集它们的结果。",
    items: "要迭代的数组",
    itemsHint: "在循环体内使用 {{{id}.item}} 和 {{{id}.index}}。",
    output: "收集循环体的此输出",
    parallel: "并行处理各项",
    parallelHint: "结果仍按原始顺序输出。",
    parallelism: "同时处理的项数",
    errorMode: "某一项失败时",
    errorFail: "停止并使节点失败",
    errorContinue: "继续，该项结果为 null",
    errorDrop: "继续，忽略该项",
  },
);
