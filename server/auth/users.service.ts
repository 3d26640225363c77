import { z } from "zod";
import type { Db } from "../db";
import { AppError } from "../errors";
import { burnPasswordCheck, hashPassword, passwordSchema, verifyPassword } from "./password";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter a valid email address").max(254, "Email is too long"));

export const signUpInput = z.object({
  name: z.string().trim().min(1, "Enter your name").max(80, "Name must be at most 80 characters"),
  email: emailSchema,
  password: passwordSchema,
});
export type SignUpInput = z.infer<typeof signUpInput>;

export interface PublicUser {
  id: string;
  email: string;
  name: string;
}

const publicUserSelect = { id: true, email: true, name: true } as const;

function personalWorkspaceName(name: string): string {
  return `${name}'s workspace`;
}

/** Creates the user with a personal workspace they own, all or nothing. */
async function createUserWithWorkspace(
  db: Db,
  data: { email: string; name: string; passwordHash: string | null; account?: { provider: string; providerAccountId: string } },
): Promise<PublicUser> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: {
        email: data.email,
        name: data.name,
        passwordHash: data.passwordHash,
        accounts: data.account ? { create: data.account } : undefined,
      },
      select: publicUserSelect,
    });
    await tx.workspace.create({
      data: {
        name: personalWorkspaceName(data.name),
        personal: true,
        memberships: { create: { userId: user.id, role: "owner" } },
      },
    });
    return user;
  });
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

export async function signUp(db: Db, input: SignUpInput): Promise<PublicUser> {
  const data = signUpInput.parse(input);
  const existing = await db.user.findUnique({ where: { email: data.email }, select: { id: true } });
  if (existing) throw new AppError("CONFLICT", "An account with this email already exists. Sign in instead.");
  try {
    return await createUserWithWorkspace(db, { email: data.email, name: data.name, passwordHash: await hashPassword(data.password) });
  } catch (error) {
    // Two sign-ups racing for the same email: the unique index decides.
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", "An account with this email already exists. Sign in instead.");
    throw error;
  }
}

/** Returns the user when the email and password match, otherwise null (never says which was wrong). */
export async function verifyCredentials(db: Db, email: string, password: string): Promise<PublicUser | null> {
  const parsedEmail = emailSchema.safeParse(email);
  const user = parsedEmail.success
    ? await db.user.findUnique({ where: { email: parsedEmail.data }, select: { ...publicUserSelect, passwordHash: true } })
    : null;
  if (!user?.passwordHash) {
    await burnPasswordCheck(password);
    return null;
  }
  if (!(await verifyPassword(user.passwordHash, password))) return null;
  return { id: user.id, email: user.email, name: user.name };
}

export interface OidcProfile {
  provider: string;
  providerAccountId: string;
  email: string;
  emailVerified: boolean;
  name: string | null;
}

/**
 * Finds or creates the user behind an OIDC sign-in. An existing email account is linked only
 * when the identity provider vouches for the email; otherwise anyone able to register that email
 * at the provider could take the account over.
 */
export async function upsertOidcUser(db: Db, profile: OidcProfile): Promise<PublicUser> {
  const linked = await db.account.findUnique({
    where: { provider_providerAccountId: { provider: profile.provider, providerAccountId: profile.providerAccountId } },
    select: { user: { select: publicUserSelect } },
  });
  if (linked) return linked.user;

  const email = emailSchema.parse(profile.email);
  const account = { provider: profile.provider, providerAccountId: profile.providerAccountId };
  const existing = await db.user.findUnique({ where: { email }, select: publicUserSelect });
  if (existing) {
    if (!profile.emailVerified) {
      throw new AppError("CONFLICT", "An account with this email already exists; sign in with your password.");
    }
    await db.account.create({ data: { ...account, userId: existing.id } });
    return existing;
  }
  return createUserWithWorkspace(db, { email, name: profile.name?.trim() || email.split("@")[0] || email, passwordHash: null, account });
}

export async function getUser(db: Db, userId: string): Promise<PublicUser | null> {
  return db.user.findUnique({ where: { id: userId }, select: publicUserSelect });
}
