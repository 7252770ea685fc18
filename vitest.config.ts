import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // isolated-vm needs its own process per worker and --no-node-snapshot
    pool: "forks",
    poolOptions: { forks: { execArgv: ["--no-node-snapshot"] } },
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
