# syntax=docker/dockerfile:1
#
# Agentloom image. One image, two processes:
#   web     (default CMD)  node --import tsx scripts/serve.ts   — applies migrations, serves the app
#   worker                 node --import tsx scripts/worker.ts  — consumes queued jobs (needs REDIS_URL)
# (the same as `npx tsx scripts/worker.ts`, but without npm in between: SIGTERM reaches the
# worker itself, so `docker stop` shuts it down gracefully instead of orphaning it)
#
#   docker build -t agentloom .
#   docker run -p 3000:3000 -v agentloom-data:/app/data agentloom    # embedded database in /app/data
#
# See docker-compose.yml for the production layout (PostgreSQL + pgvector, Redis, workers, vLLM).

ARG NODE_IMAGE=node:20-bookworm-slim

# ---------------------------------------------------------------------------------------------
# build: all dependencies, Prisma client, Next.js production build, then dev dependencies pruned
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1

# Toolchain for native addons (node-gyp): isolated-vm and friends compile at install time.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*

# The lockfile is written by npm 11, whose `allowScripts` (package.json) decides which
# dependency install scripts may run; the npm 10 bundled with Node 20 would ignore it.
ARG NPM_VERSION=11.19.1
RUN npm install -g "npm@${NPM_VERSION}" --no-audit --no-fund

# Native addons build against the headers that ship with this Node (/usr/local/include/node)
# instead of downloading them.
ENV npm_config_nodedir=/usr/local
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund

# Prisma client (server/generated/prisma); no engine binary is needed or downloaded.
COPY prisma ./prisma
COPY prisma.config.ts ./
RUN npm run db:generate

COPY . .
RUN NODE_ENV=production npx --no -- next build \
 && rm -rf .next/cache \
 && npm prune --omit=dev --no-audit --no-fund

# ---------------------------------------------------------------------------------------------
# runtime: sources (run by tsx), migrations, .next build and production node_modules; non-root
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/app/data

# Files stay owned by root (read-only for the app); only the data directory (embedded database
# when DATABASE_URL is unset) and Next's runtime cache are writable by the `node` user (uid 1000).
COPY --from=build /app /app
RUN mkdir -p /app/data /app/.next/cache \
 && chown node:node /app/data /app/.next/cache

USER node
EXPOSE 3000

# 200 when the database (and Redis, in queue mode) answer; 503 otherwise. The worker has no
# HTTP server: docker-compose.yml disables this check for it.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

CMD ["node", "--import", "tsx", "scripts/serve.ts"]
