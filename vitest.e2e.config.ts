import { defineConfig } from 'vitest/config';

// End-to-end tests: the built renderer (npm run build) in Debian Chromium through playwright-core.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 90_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    // expect.poll waits 1 s by default: too short for a worker query on a busy 2-core CI machine (CI failed on
    // a comparison that arrived later than that). A real failure still fails, after 15 s.
    expect: { poll: { timeout: 15_000 } },
  },
});
