import { afterAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { callerFor, testDb, uniqueEmail } from "../testing/fixtures";
import { upsertOidcUser, verifyCredentials } from "./users.service";

const db = testDb();
afterAll(() => db.$disconnect());

async function signUpError(input: { name: string; email: string; password: string }): Promise<string> {
  return callerFor(db, null)
    .auth.signUp(input)
    .then(
      () => "OK",
      (e: unknown) => (e instanceof TRPCError ? `${e.code}: ${e.message}` : String(e)),
    );
}

describe("sign-up and credentials", () => {
  it("signs up, normalizes the email, hashes the password with argon2id", async () => {
    const email = uniqueEmail("Mixed");
    const user = await callerFor(db, null).auth.signUp({ name: "张伟", email: `  ${email.toUpperCase()} `, password: "correct-horse-42" });
    expect(user.email).toBe(email.toLowerCase());
    const stored = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyCredentials(db, email.toUpperCase(), "correct-horse-42")).toMatchObject({ id: user.id });
    expect(await verifyCredentials(db, email, "wrong-horse-42")).toBeNull();
    expect(await verifyCredentials(db, uniqueEmail("nobody"), "correct-horse-42")).toBeNull();
    expect(await verifyCredentials(db, "not-an-email", "x")).toBeNull();
  });

  it("gives clear messages for duplicate email, weak password and bad email", async () => {
    const email = uniqueEmail("dup");
    expect(await signUpError({ name: "A", email, password: "correct-horse-42" })).toBe("OK");
    expect(await signUpError({ name: "B", email: email.toUpperCase(), password: "correct-horse-42" })).toBe(
      "CONFLICT: An account with this email already exists. Sign in instead.",
    );
    expect(await signUpError({ name: "C", email: uniqueEmail("weak"), password: "abc" })).toMatch(/^BAD_REQUEST: Password must be at least 8 characters/);
    expect(await signUpError({ name: "C", email: uniqueEmail("weak"), password: "12345678901" })).toMatch(/mix letters with digits or symbols/);
    expect(await signUpError({ name: "C", email: "not-an-email", password: "correct-horse-42" })).toMatch(/valid email/);
    expect(await db.user.count({ where: { email: email.toLowerCase() } })).toBe(1);
  });

  it("leaves nothing behind when two sign-ups race for one email", async () => {
    const email = uniqueEmail("race");
    const results = await Promise.all([1, 2, 3].map((i) => signUpError({ name: `R${i}`, email, password: "correct-horse-42" })));
    expect(results.filter((r) => r === "OK")).toHaveLength(1);
    const user = await db.user.findUniqueOrThrow({ where: { email }, include: { memberships: true } });
    expect(user.memberships).toHaveLength(1);
    expect(await db.workspace.count({ where: { name: { in: ["R1's workspace", "R2's workspace", "R3's workspace"] }, memberships: { none: {} } } })).toBe(0);
  });
});

describe("sign-up rate limit", () => {
  it("refuses the 21st sign-up from one address within an hour", async () => {
    const ip = `203.0.113.${Math.floor(Math.random() * 250)}-${Date.now()}`;
    for (let i = 0; i < 20; i++) {
      await callerFor(db, null, ip).auth.signUp({ name: `Bulk ${i}`, email: uniqueEmail("bulk"), password: "correct-horse-42" });
    }
    const error = await callerFor(db, null, ip)
      .auth.signUp({ name: "One too many", email: uniqueEmail("bulk"), password: "correct-horse-42" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("TOO_MANY_REQUESTS");
    expect((error as TRPCError).message).toMatch(/Too many attempts/);
    await expect(callerFor(db, null).auth.signUp({ name: "Elsewhere", email: uniqueEmail("bulk"), password: "correct-horse-42" })).resolves.toBeTruthy();
  });
});

describe("OIDC users", () => {
  it("creates a user with a personal workspace on first sign-in and finds it again", async () => {
    const profile = { provider: "oidc", providerAccountId: `sub-${Date.now()}`, email: uniqueEmail("sso"), emailVerified: true, name: "SSO User" };
    const created = await upsertOidcUser(db, profile);
    expect(await upsertOidcUser(db, { ...profile, email: "changed@example.com" })).toEqual(created);
    expect(await db.membership.count({ where: { userId: created.id, role: "owner" } })).toBe(1);
  });

  it("links an existing password account only when the provider verified the email", async () => {
    const email = uniqueEmail("link");
    const user = await callerFor(db, null).auth.signUp({ name: "Linker", email, password: "correct-horse-42" });
    const base = { provider: "oidc", email, name: "Linker" };
    await expect(upsertOidcUser(db, { ...base, providerAccountId: `u-${Date.now()}`, emailVerified: false })).rejects.toThrow(/already exists/);
    expect(await upsertOidcUser(db, { ...base, providerAccountId: `v-${Date.now()}`, emailVerified: true })).toMatchObject({ id: user.id });
  });
});
