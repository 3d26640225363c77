import { createTRPCRouter, protectedProcedure, publicProcedure } from "../trpc";
import { signUp, signUpInput, getUser } from "../../auth/users.service";
import { isOidcEnabled, env } from "../../env";
import { notFound } from "../../errors";

export const authRouter = createTRPCRouter({
  signUp: publicProcedure.input(signUpInput).mutation(({ ctx, input }) => signUp(ctx.db, input)),
  providers: publicProcedure.query(() => ({ oidc: isOidcEnabled() ? { name: env().AUTH_OIDC_NAME } : null })),
  me: protectedProcedure.query(async ({ ctx }) => {
    const user = await getUser(ctx.db, ctx.user.id);
    if (!user) throw notFound("User");
    return user;
  }),
});
