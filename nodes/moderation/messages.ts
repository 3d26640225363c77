import { defineNodeMessages } from "../panel-props";

export const moderationMessages = defineNodeMessages(
  {
    label: "Moderation",
    description: "Blocks a question or a reply that contains a listed keyword and sends a configured reply instead.",
    direction: "Checks",
    "direction.input": "The user's input (branches to Pass or Blocked)",
    "direction.output": "A model's reply (replaced when blocked)",
    text: "Text to check",
    textHint: "Usually {{sys.query}} for input, or the model's text for output.",
    keywords: "Keywords",
    keywordsHint: "One per line; matching ignores case and full-/half-width differences.",
    reply: "Reply when blocked",
    replyPlaceholder: "Sorry, I can't help with that.",
  },
  {
    label: "内容审查",
    description: "问题或回复中包含列出的关键词时将其拦截，并改为发送预设回复。",
    direction: "检查对象",
    "direction.input": "用户输入（分支到通过或拦截）",
    "direction.output": "模型回复（被拦截时替换）",
    text: "要检查的文本",
    textHint: "输入通常是 {{sys.query}}，输出则是模型的文本。",
    keywords: "关键词",
    keywordsHint: "每行一个；匹配时忽略大小写和全角/半角差异。",
    reply: "拦截时的回复",
    replyPlaceholder: "抱歉，这个问题我无法回答。",
  },
);
