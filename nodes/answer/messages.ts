import { defineNodeMessages } from "../panel-props";

export const answerMessages = defineNodeMessages(
  {
    label: "Answer",
    description: "Sends a reply to the chat. The text streams as the variables it uses are produced.",
    reply: "Reply",
    replyHint: "Type {{ to insert a variable, or pick one below. Filters work too: {{llm_1.text | trim}}.",
    placeholder: "{{llm_1.text}}",
  },
  {
    label: "直接回复",
    description: "向对话发送回复。其中引用的变量一边生成一边流式输出。",
    reply: "回复内容",
    replyHint: "输入 {{ 插入变量，或从下方选择。也支持过滤器：{{llm_1.text | trim}}。",
    placeholder: "{{llm_1.text}}",
  },
);
