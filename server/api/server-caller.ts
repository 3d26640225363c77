import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { auth } from "../auth/auth";
import { createTRPCContext } from "./context";
import { createCaller } from "./root";

/** tRPC for server components: the same procedures and checks as the HTTP endpoint, once per request. */
export const serverCaller = cache(async () => {
  const [session, requestHeaders] = await Promise.all([auth(), headers()]);
  return createCaller(createTRPCContext({ headers: new Headers(requestHeaders), session }));
});
