import { decryptSecret } from "../security/secrets";

/** Binds a provider's key ciphertext to its row, so it cannot be copied to another provider. */
export const providerKeyContext = (providerId: string) => `model-provider:${providerId}:api-key`;

export function decryptProviderKey(provider: { id: string; apiKeyEncrypted: string | null }): string | null {
  return provider.apiKeyEncrypted ? decryptSecret(provider.apiKeyEncrypted, providerKeyContext(provider.id)) : null;
}
