/**
 * tRPC setup in three parts: the context each request gets, the tRPC instance, and the
 * procedures every router builds on (public → protected → workspace → role).
 */
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";
import type { Db } from "../db";
import type { Role } from "../generated/prisma/enums";
import { AppError } from "../errors";
import { roleAtLeast } from "../auth/roles";
import { findMembership } from "../workspaces/membership";

// 1. Context -------------------------------------------------------------------------------

export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

export interface TRPCContext {
  db: Db;
  user: SessionUser | null;
  headers: Headers;
  requestId: string;
}

// 2. Initialization -------------------------------------------------------------------------

const t = initTRPC.context<TRPCContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const zodError = error.cause instanceof ZodError ? error.cause : null;
    return {
      ...shape,
      data: {
        ...shape.data,
        zodError: zodError ? z.flattenError(zodError) : null,
      },
    };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

// 3. Procedures -----------------------------------------------------------------------------

/**
 * Turns service errors into tRPC errors with the same code and the user-facing message, and
 * validation errors into sentences (tRPC's default message is the raw issue list as JSON).
 */
const appErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  if (cause instanceof AppError) throw new TRPCError({ code: cause.code, message: cause.message, cause });
  if (cause instanceof ZodError) {
    throw new TRPCError({ code: "BAD_REQUEST", message: cause.issues.map((issue) => issue.message).join(". "), cause });
  }
  return result;
});

export const publicProcedure = t.procedure.use(appErrors);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue" });
  return next({ ctx: { user: ctx.user } });
});

const workspaceInput = z.object({ workspaceId: z.string().min(1) });

/**
 * Every procedure on workspace data takes `workspaceId` and runs only for members. The check
 * runs before the procedure's own input is validated, so a non-member learns nothing from
 * validation messages: another workspace's ids answer NOT_FOUND, exactly like ids that do not
 * exist.
 */
export const workspaceProcedure = protectedProcedure.use(async ({ ctx, next, getRawInput }) => {
  const parsed = workspaceInput.safeParse(await getRawInput());
  if (!parsed.success) throw new TRPCError({ code: "BAD_REQUEST", message: "workspaceId is required" });
  const membership = await findMembership(ctx.db, parsed.data.workspaceId, ctx.user.id);
  if (!membership) throw new TRPCError({ code: "NOT_FOUND", message: "Workspace not found" });
  return next({ ctx: { membership } });
});

export function roleProcedure(minimum: Role) {
  return workspaceProcedure.use(({ ctx, next }) => {
    if (!roleAtLeast(ctx.membership.role, minimum)) {
      throw new TRPCError({
        code: "FORBIDDEN",
        message: `This needs the ${minimum} role or higher in this workspace; you are ${ctx.membership.role}.`,
      });
    }
    return next();
  });
}

export { workspaceInput };
