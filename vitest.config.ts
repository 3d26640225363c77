import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

// Tests live beside the code: `*.test.ts` are unit tests, `*.integration.test.ts` need the
// Postgres/Redis that `npm test` provides (DATABASE_URL, REDIS_URL, TEST_REDIS_PREFIX).
const INTEGRATION = "**/*.integration.test.ts";
const IGNORED = ["**/node_modules/**", "e2e/**", "**/.next/**", "data/**", ".test-data/**"];

export default defineConfig({
  resolve: {
    // Same as tsconfig's `"@/*": ["./*"]`. A regex so `@prisma/…`-style packages are untouched.
    alias: [{ find: /^@\//, replacement: `${root}/` }],
  },
  test: {
    environment: "node",
    // A fresh checkout may have no test of a kind yet; that is not a failure.
    passWithNoTests: true,
    // Two projects, because the two kinds want different scheduling:
    // - unit tests are independent, so they use every core (Vitest's default is cores - 1,
    //   which is a single worker on this 2-core machine);
    // - integration test files share ONE database and one Redis namespace per run, so they run
    //   one file at a time: concurrent files would see each other's rows (unique emails,
    //   counts, truncation between tests). Per-file databases would allow parallelism, but
    //   migrating a database takes seconds and this machine has two cores, so the gain is small.
    // groupOrder runs the integration group after the unit group instead of beside it, so
    // an integration file never competes with unit files for the two cores either.
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["**/*.test.ts"],
          exclude: [...IGNORED, INTEGRATION],
          maxWorkers: availableParallelism(),
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: [INTEGRATION],
          exclude: IGNORED,
          fileParallelism: false,
          // Database round trips (and the first connection) are slower than unit work.
          testTimeout: 30_000,
          hookTimeout: 60_000,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
