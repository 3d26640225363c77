import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { startFakeOpenAI, type FakeOpenAIServer } from "../../scripts/fake-openai/server";
import { callerFor, createUser, testDb } from "../testing/fixtures";
import type { PublicUser } from "../auth/users.service";
import { syncManagedVllmProvider, MANAGED_VLLM_NAME, guessModelKind } from "./managed-provider";

// The operator allows loopback model servers, as a vLLM on the same host would need.
process.env.INFERENCE_ALLOWED_HOSTS = "127.0.0.1";

const db = testDb();
let server: FakeOpenAIServer;
let owner: PublicUser & { personalWorkspaceId: string };

beforeAll(async () => {
  server = await startFakeOpenAI({ apiKey: "sk-test-1234567890" });
  owner = await createUser(db, "providers");
});

afterAll(async () => {
  await server.close();
  await db.$disconnect();
});

const api = () => callerFor(db, owner);

describe("model providers", () => {
  it("stores the API key encrypted and only ever returns a masked hint", async () => {
    const created = await api().providers.create({ workspaceId: owner.personalWorkspaceId, name: "Local vLLM", preset: "vllm", baseUrl: `${server.url}/v1/`, apiKey: "sk-test-1234567890" });
    expect(created).toMatchObject({ baseUrl: `${server.url}/v1`, apiKeyHint: "sk-t…7890", managed: false });
    const row = await db.modelProvider.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.apiKeyEncrypted).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain("sk-test-1234567890");
    const listed = await api().providers.list({ workspaceId: owner.personalWorkspaceId });
    expect(JSON.stringify(listed)).not.toContain("sk-test-1234567890");
  });

  it("tests a connection and lists the served models, or explains the failure in plain words", async () => {
    const ws = owner.personalWorkspaceId;
    const ok = await api().providers.testConnection({ workspaceId: ws, baseUrl: `${server.url}/v1`, apiKey: "sk-test-1234567890" });
    expect(ok).toMatchObject({ ok: true, models: ["fake-chat", "fake-embed", "fake-rerank"] });

    expect(await api().providers.testConnection({ workspaceId: ws, baseUrl: `${server.url}/v1`, apiKey: "sk-wrong" })).toMatchObject({
      ok: false,
      problem: "unauthorized",
      message: expect.stringMatching(/rejected the API key \(HTTP 401\)/),
    });
    expect(await api().providers.testConnection({ workspaceId: ws, baseUrl: server.url, apiKey: "sk-test-1234567890" })).toMatchObject({
      ok: false,
      problem: "not_found",
      message: expect.stringMatching(/need \/v1 at the end/),
    });
    expect(await api().providers.testConnection({ workspaceId: ws, baseUrl: "http://127.0.0.1:9/v1" })).toMatchObject({ ok: false, problem: "unreachable" });
    expect(await api().providers.testConnection({ workspaceId: ws, baseUrl: "http://10.1.2.3/v1" })).toMatchObject({
      ok: false,
      problem: "blocked",
      message: expect.stringMatching(/INFERENCE_ALLOWED_HOSTS/),
    });
    server.set({ nonJson: true });
    expect(await api().providers.testConnection({ workspaceId: ws, baseUrl: `${server.url}/v1` })).toMatchObject({ ok: false, problem: "not_openai_compatible" });
    server.reset();
  });

  it("uses a saved key only for the saved base URL", async () => {
    const ws = owner.personalWorkspaceId;
    const saved = await api().providers.create({ workspaceId: ws, name: "Keyed", preset: "custom", baseUrl: `${server.url}/v1`, apiKey: "sk-test-1234567890" });
    expect(await api().providers.testConnection({ workspaceId: ws, providerId: saved.id })).toMatchObject({ ok: true });
    // Same provider, another URL: the stored key is not sent there, so the fake server sees no key.
    const elsewhere = await startFakeOpenAI({ apiKey: "sk-test-1234567890" });
    try {
      expect(await api().providers.testConnection({ workspaceId: ws, providerId: saved.id, baseUrl: `${elsewhere.url}/v1` })).toMatchObject({ ok: false, problem: "unauthorized" });
      expect(elsewhere.requests.every((r) => !String(r.headers.authorization ?? "").includes("sk-test"))).toBe(true);
    } finally {
      await elsewhere.close();
    }
  });

  it("validates input with clear messages and rejects duplicates", async () => {
    const ws = owner.personalWorkspaceId;
    const error = (p: Promise<unknown>) => p.then(() => "OK", (e: unknown) => (e instanceof TRPCError ? `${e.code}: ${e.message}` : String(e)));
    expect(await error(api().providers.create({ workspaceId: ws, name: "x", preset: "custom", baseUrl: "not a url" }))).toMatch(/^BAD_REQUEST: Enter the base URL/);
    expect(await error(api().providers.create({ workspaceId: ws, name: "x", preset: "custom", baseUrl: "ftp://x/v1" }))).toMatch(/must start with http/);
    expect(await error(api().providers.create({ workspaceId: ws, name: "x", preset: "openai", baseUrl: "https://api.openai.com/v1" }))).toMatch(/needs an API key/);
    await api().providers.create({ workspaceId: ws, name: "Dup", preset: "custom", baseUrl: `${server.url}/v1` });
    expect(await error(api().providers.create({ workspaceId: ws, name: "Dup", preset: "custom", baseUrl: `${server.url}/v1` }))).toMatch(/^CONFLICT/);
    expect(await db.modelProvider.count({ where: { workspaceId: ws, name: "x" } })).toBe(0);
  });

  it("rejects fallbacks of another kind and cleans up references when a model is deleted", async () => {
    const ws = owner.personalWorkspaceId;
    const p = await api().providers.create({ workspaceId: ws, name: "Models", preset: "custom", baseUrl: `${server.url}/v1` });
    const chat = await api().models.create({ workspaceId: ws, kind: "chat", name: "fake-chat", displayName: "Chat A", endpoints: [{ providerId: p.id, weight: 1 }] });
    const embed = await api().models.create({ workspaceId: ws, kind: "embedding", name: "fake-embed", displayName: "Embed A", endpoints: [{ providerId: p.id, weight: 1 }] });
    await expect(api().models.create({ workspaceId: ws, kind: "chat", name: "m", displayName: "Chat B", endpoints: [{ providerId: p.id, weight: 1 }], fallbackModelIds: [embed.id] })).rejects.toThrow(/fallbacks must be chat models/);
    const withFallback = await api().models.create({ workspaceId: ws, kind: "chat", name: "m", displayName: "Chat C", endpoints: [{ providerId: p.id, weight: 1 }], fallbackModelIds: [chat.id] });
    await api().models.setDefaults({ workspaceId: ws, chat: chat.id, embedding: embed.id });
    await expect(api().models.setDefaults({ workspaceId: ws, rerank: chat.id })).rejects.toThrow(/cannot be the default rerank model/);
    await api().models.delete({ workspaceId: ws, modelId: chat.id });
    expect(await api().models.defaults({ workspaceId: ws })).toEqual({ chat: null, embedding: embed.id, rerank: null });
    expect((await api().models.list({ workspaceId: ws })).find((m) => m.id === withFallback.id)?.fallbackModelIds).toEqual([]);
  });
});

describe("operator-managed vLLM", () => {
  it("registers VLLM_BASE_URL and its models for every workspace, read-only", async () => {
    const result = await syncManagedVllmProvider(db, `${server.url}/v1`, "sk-test-1234567890");
    expect(result?.models).toContain("fake-chat");
    await syncManagedVllmProvider(db, `${server.url}/v1`, "sk-test-1234567890");
    const managed = await db.modelProvider.findMany({ where: { workspaceId: null, name: MANAGED_VLLM_NAME } });
    expect(managed).toHaveLength(1);
    expect(await db.model.count({ where: { workspaceId: null, name: "fake-chat" } })).toBe(1);

    const other = await createUser(db, "tenant");
    const providers = await callerFor(db, other).providers.list({ workspaceId: other.personalWorkspaceId });
    const vllm = providers.find((p) => p.name === MANAGED_VLLM_NAME)!;
    expect(vllm).toMatchObject({ managed: true });
    await expect(callerFor(db, other).providers.delete({ workspaceId: other.personalWorkspaceId, providerId: vllm.id })).rejects.toThrow(/managed by the server operator/);
    const models = await callerFor(db, other).models.list({ workspaceId: other.personalWorkspaceId });
    expect(models.find((m) => m.name === "fake-embed")).toMatchObject({ kind: "embedding", managed: true });

    // A model the owner's workspace registers on the shared provider stays invisible to others,
    // including in the provider's model count.
    const before = vllm.modelCount;
    await api().models.create({ workspaceId: owner.personalWorkspaceId, kind: "chat", name: "private", displayName: "Owner only", endpoints: [{ providerId: vllm.id, weight: 1 }] });
    const after = (await callerFor(db, other).providers.list({ workspaceId: other.personalWorkspaceId })).find((p) => p.id === vllm.id)!;
    expect(after.modelCount).toBe(before);
    expect((await api().providers.list({ workspaceId: owner.personalWorkspaceId })).find((p) => p.id === vllm.id)!.modelCount).toBe(before + 1);
  });

  it("guesses a served model's kind from its name", () => {
    expect(guessModelKind("Qwen/Qwen2.5-7B-Instruct")).toBe("chat");
    expect(guessModelKind("BAAI/bge-m3")).toBe("embedding");
    expect(guessModelKind("BAAI/bge-reranker-v2-m3")).toBe("rerank");
  });
});
