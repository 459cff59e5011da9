import { defineConfig } from 'vitest/config';

// Unit and contract tests (Node). End-to-end tests have their own config (vitest.e2e.config.ts).
export default defineConfig({
  test: {
    include: ['{common,electron,renderer,workers,build,tests/unit}/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'tests/e2e/**'],
    environment: 'node',
    testTimeout: 30_000,
  },
});
