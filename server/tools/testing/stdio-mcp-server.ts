/**
 * A stdio MCP server (built with the SDK) for the operator-config test: started as a child
 * process with `node --import tsx`, offers `shout`.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const server = new McpServer({ name: "stdio-test", version: "1.0.0" });
server.registerTool("shout", { description: "Upper-cases text", inputSchema: { text: z.string() } }, async ({ text }) => ({
  content: [{ type: "text", text: `${text.toUpperCase()}${process.env.SHOUT_SUFFIX ?? ""}` }],
}));
await server.connect(new StdioServerTransport());
