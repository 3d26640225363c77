/**
 * Outbound HTTP for everything that calls URLs a user or a workflow configured: nodes, tools,
 * URL ingestion, model providers. Use `guardedFetch` instead of `fetch`; see guarded-fetch.ts
 * for what it guarantees (public addresses only, pinned connections, checked redirects, size
 * and time caps).
 */
export {
  createGuardedFetch,
  createGuardedStream,
  guardedFetch,
  guardedStream,
  systemResolver,
  type GuardedFetch,
  type GuardedFetchDeps,
  type GuardedRequestInit,
  type GuardedStream,
  type GuardedStreamInit,
  type GuardedStreamResponse,
  type GuardOptions,
  type ResolvedAddress,
  type Resolver,
} from "./guarded-fetch";
export { OutboundRequestError, type OutboundRequestErrorCode } from "./errors";
export { isAllowedByHostList, isBlockedAddress, parseAllowedHosts, type AddressVerdict } from "./address-policy";
