import { defineConfig } from "vitest/config";

/**
 * Four projects, one run: unit tests (no database), the integration suite once on SQLite and once
 * on PostgreSQL (each test file gets its own database copied from a migrated template), and
 * browser tests in headless Chromium.
 */
export default defineConfig({
  test: {
    projects: [
      { test: { name: "unit", include: ["test/unit/**/*.test.ts"] } },
      // The real app and views around fake services (test/support/app-setup.ts): no database.
      { test: { name: "routes", include: ["test/routes/**/*.test.ts"] } },
      {
        test: {
          name: "integration-sqlite",
          include: ["test/integration/**/*.test.ts"],
          env: { FQ_TEST_DB: "sqlite" },
          globalSetup: ["test/support/global-setup.ts"],
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: "integration-postgres",
          include: ["test/integration/**/*.test.ts"],
          env: { FQ_TEST_DB: "postgres" },
          globalSetup: ["test/support/global-setup.ts"],
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      // The published contract (api.md): its documented bodies, sent verbatim, on both databases.
      ...(["sqlite", "postgres"] as const).map((db) => ({
        test: {
          name: `contract-${db}`,
          include: ["test/contract/**/*.test.ts"],
          env: { FQ_TEST_DB: db },
          globalSetup: ["test/support/global-setup.ts"],
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      })),
      {
        test: {
          name: "security",
          include: ["test/security/**/*.test.ts"],
          env: { FQ_TEST_DB: "sqlite" },
          globalSetup: ["test/support/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          env: { FQ_TEST_DB: "sqlite" },
          globalSetup: ["test/support/global-setup.ts", "test/support/browser-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
