// Unit and integration tests: `*.test.ts` beside the code they test. End-to-end specs are Playwright's.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{protocol,sync-server,main,renderer,scripts,bench}/**/*.test.ts', '*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
});
