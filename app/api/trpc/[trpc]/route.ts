import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { auth } from "@/server/auth/auth";
import { createTRPCContext } from "@/server/api/context";
import { appRouter } from "@/server/api/root";
import { requestLogger } from "@/server/observability/logger";

async function handler(req: Request): Promise<Response> {
  const session = await auth();
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createTRPCContext({ headers: req.headers, session }),
    onError({ error, path, ctx }) {
      if (error.code === "INTERNAL_SERVER_ERROR") {
        requestLogger(ctx?.requestId ?? "unknown").error({ err: error.cause ?? error, path }, "tRPC procedure failed");
      }
    },
  });
}

export { handler as GET, handler as POST };
