import { defineConfig } from 'vitest/config'
import SlowFirst from './test/setup/slow-first.ts'

export default defineConfig({
  test: {
    name: 'node',
    include: ['test/**/*.test.ts'],
    exclude: ['test/workerd/**', 'node_modules/**'],
    // No suite-wide sqld: each file that needs one starts its own (test/setup/file-sqld.ts).
    // One module graph per worker, not per file: each file re-importing the app cost ~1–4 s on two
    // cores (≈ 40% of the suite). Tests that touch globals (timers, fetch, TZ) restore them.
    isolate: false,
    // Two files at once on two cores (vitest's default is cores − 1 = 1): most e2e and CLI files wait on child
    // processes, so the suite takes about 5.5 min instead of 8.7. Servers take free ports (wrangler its devtools port too).
    maxWorkers: 2,
    // The end-to-end walks first (test/setup/slow-first.ts): started last, they were the suite's last two minutes.
    sequence: { sequencer: SlowFirst },
    testTimeout: 20_000,
    hookTimeout: 30_000,
    env: { WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
  },
})
