import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.tsx', 'web/src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Channel credentials are encrypted with CONVERSA_SECRET; PostgreSQL has no file beside it to keep a
    // generated one in, so the suite (and the CLI it runs) shares this one there.
    env: process.env.CONVERSA_TEST_DB === 'postgres' && !process.env.CONVERSA_SECRET ? { CONVERSA_SECRET: 'conversa-test-secret-not-for-production' } : {},
  },
});
