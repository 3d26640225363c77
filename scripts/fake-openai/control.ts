/**
 * /__fake/* — the same controls as the in-process API, over HTTP, for tests that run the server
 * as a separate process (Playwright's webServer, manual runs of cli.ts):
 *   GET  /__fake/behavior            current behaviour
 *   POST /__fake/behavior {partial}  change it (same fields as FakeBehavior), answers the result
 *   POST /__fake/reset               defaults, empty request log, zeroed stats
 *   GET  /__fake/requests            the request log
 *   GET  /__fake/stats               { total, inFlight, maxInFlight }
 * Never authenticated, recorded or affected by the behaviour it controls.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { errorBody, parseBody, readBody, sendJson } from "./http";
import type { FakeOpenAIServer } from "./types";

const behaviorPatch = z
  .object({
    latencyMs: z.number().min(0),
    tokensPerSecond: z.number().min(0),
    failNext: z
      .object({
        status: z.number().int().min(100).max(599),
        count: z.number().int().min(1).default(1),
        body: z.unknown().optional(),
        headers: z.record(z.string(), z.string()).optional(),
      })
      .nullable(),
    disconnectAfterTokens: z.number().int().min(0).nullable(),
    omitUsage: z.boolean(),
    nonJson: z.boolean(),
    hang: z.boolean(),
  })
  .partial()
  .strict();

export async function handleControl(req: IncomingMessage, res: ServerResponse, path: string, server: FakeOpenAIServer): Promise<void> {
  const route = `${req.method ?? "GET"} ${path}`;
  switch (route) {
    case "GET /__fake/behavior":
      return sendJson(res, 200, server.behavior());
    case "POST /__fake/behavior": {
      const parsed = parseBody(await readBody(req));
      const patch = behaviorPatch.safeParse(parsed.value ?? {});
      if (!parsed.ok || !patch.success) {
        const message = patch.success ? "Body must be JSON." : z.prettifyError(patch.error);
        return sendJson(res, 400, errorBody(400, message));
      }
      server.set(patch.data);
      return sendJson(res, 200, server.behavior());
    }
    case "POST /__fake/reset":
      server.reset();
      return sendJson(res, 200, server.behavior());
    case "GET /__fake/requests":
      return sendJson(res, 200, server.requests);
    case "GET /__fake/stats":
      return sendJson(res, 200, server.stats());
    default:
      return sendJson(res, 404, errorBody(404, `Invalid URL (${route})`));
  }
}
