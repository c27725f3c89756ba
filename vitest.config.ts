import { defineConfig } from "vitest/config";

// Three layers, one runner: unit (pure, fast), integration (real SQLite files, worker processes, subprocesses),
// e2e (the built renderer in Debian's Chromium against the real services through the test bridge).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts", "test/architecture.test.ts"],
          typecheck: { enabled: true, include: ["test/unit/**/*.test-d.ts"], tsconfig: "tsconfig.test.json" },
        },
      },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          expect: { poll: { timeout: 10_000, interval: 50 } },
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.spec.ts"],
          // A slow CI machine must not turn a UI wait into a failure: polls wait up to 10 s (default 1 s).
          expect: { poll: { timeout: 10_000, interval: 50 } },
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
