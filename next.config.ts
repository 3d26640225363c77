import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native or WASM packages load from node_modules at run time instead of being bundled.
  serverExternalPackages: ["@node-rs/argon2", "pino", "prom-client", "bullmq", "ioredis", "pg", "@prisma/adapter-pg"],
  poweredByHeader: false,
  typedRoutes: false,
  typescript: { ignoreBuildErrors: false },
};

export default nextConfig;
