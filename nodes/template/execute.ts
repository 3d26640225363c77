import { NodeError, type NodeExecutor } from "@/server/engine/node-context";
import { MAX_RENDERED_BYTES, type TemplateConfig } from "./definition";

function formatBytes(bytes: number): string {
  const text = (n: number) => n.toFixed(1).replace(/\.0$/, "");
  return bytes >= 1024 * 1024 ? `${text(bytes / (1024 * 1024))} MB` : `${text(bytes / 1024)} KB`;
}

export const executeTemplate: NodeExecutor<TemplateConfig> = async (ctx) => {
  const output = ctx.render(ctx.config.template);
  const limit = Math.min(MAX_RENDERED_BYTES, ctx.limits.maxVariableBytes);
  const size = Buffer.byteLength(output, "utf8");
  if (size > limit) {
    throw new NodeError(`The rendered text is ${formatBytes(size)}, over the ${formatBytes(limit)} limit; reference less data or cut it with | truncate: N`, {
      code: "output_too_large",
      retryable: false,
      details: { bytes: size, limit },
    });
  }
  return { outputs: { output } };
};
