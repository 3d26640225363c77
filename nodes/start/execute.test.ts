import { describe, expect, it } from "vitest";
import { NodeError } from "@/server/engine/node-context";
import { createTestContext } from "@/server/engine/testing/test-context";
import { startDefinition, type StartConfig } from "./definition";
import { executeStart } from "./execute";

const config = {
  inputs: [
    { name: "query", label: "Question", type: "text", required: true },
    { name: "limit", type: "number", default: 5 },
  ],
};

describe("executeStart", () => {
  it("outputs the declared inputs, converted, and logs the ones it ignored", async () => {
    const { ctx, logs } = createTestContext<StartConfig>({ definition: startDefinition, config, runInputs: { query: "你好", limit: "8", role: "admin" } });
    expect(await executeStart(ctx)).toEqual({ outputs: { query: "你好", limit: 8 } });
    expect(logs).toEqual([{ level: "warn", message: "Ignored inputs the start node does not declare: role" }]);
  });

  it("fails without retry, listing every problem", async () => {
    const { ctx } = createTestContext<StartConfig>({ definition: startDefinition, config, runInputs: { limit: "many" } });
    const error = await executeStart(ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeError);
    expect(error).toMatchObject({
      message: "The run's inputs are invalid: Question is required; limit must be a number",
      code: "invalid_inputs",
      retryable: false,
      details: { problems: [{ field: "query", message: "Question is required" }, { field: "limit", message: "limit must be a number" }] },
    });
  });
});
