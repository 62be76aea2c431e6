import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    name: 'node',
    include: ['test/**/*.test.ts'],
    exclude: ['test/workerd/**', 'node_modules/**'],
    globalSetup: ['test/setup/sqld.ts'],
    // One module graph per worker, not per file: each file re-importing the app cost ~1–4 s on two
    // cores (≈ 40% of the suite). Tests that touch globals (timers, fetch, TZ) restore them.
    isolate: false,
    testTimeout: 20_000,
    hookTimeout: 30_000,
    env: { WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
  },
})
