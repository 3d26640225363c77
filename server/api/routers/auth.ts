import { createTRPCRouter, protectedProcedure, publicProcedure } from "../trpc";
import { signUp, signUpInput, getUser } from "../../auth/users.service";
import { isOidcEnabled, env } from "../../env";
import { notFound } from "../../errors";
import { clientIp, consumeRateLimit, RATE_LIMITS } from "../../security/rate-limit";

export const authRouter = createTRPCRouter({
  signUp: publicProcedure.input(signUpInput).mutation(async ({ ctx, input }) => {
    await consumeRateLimit(RATE_LIMITS.signUp(), clientIp(ctx.headers));
    return signUp(ctx.db, input);
  }),
  providers: publicProcedure.query(() => ({ oidc: isOidcEnabled() ? { name: env().AUTH_OIDC_NAME } : null })),
  me: protectedProcedure.query(async ({ ctx }) => {
    const user = await getUser(ctx.db, ctx.user.id);
    if (!user) throw notFound("User");
    return user;
  }),
});
