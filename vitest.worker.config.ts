/**
 * The workerd suite: test/workerd/** runs inside workerd through @cloudflare/vitest-plugin, with
 * the Worker configured by wrangler.toml (compatibility date/flags, main = edge/worker.ts).
 * globalSetup runs in Node and starts a real sqld; tests reach it over http with inject('sqldUrl').
 * Run: WRANGLER_SEND_METRICS=false CLOUDFLARE_CF_FETCH_ENABLED=false npx vitest run -c vitest.worker.config.ts
 */

import { cloudflareTest } from '@cloudflare/vitest-plugin'
import { defineConfig } from 'vitest/config'

// Offline: no telemetry, no request.cf fetch from workers.cloudflare.com. Set before Miniflare starts.
process.env['WRANGLER_SEND_METRICS'] ??= 'false'
process.env['CLOUDFLARE_CF_FETCH_ENABLED'] ??= 'false'

export default defineConfig({
  plugins: [cloudflareTest({ wrangler: { configPath: './wrangler.toml' } })],
  test: {
    name: 'workerd',
    include: ['test/workerd/**/*.test.ts'],
    globalSetup: ['test/setup/sqld.ts'],
    // The app logs one JSON line per request; show logs only for failing tests.
    silent: 'passed-only',
    // One Miniflare (one workerd) for every file instead of one per file: starting it and re-importing the app per file
    // took about 2 of the suite's 2.5 minutes. The tests share no storage but sqld, where each file makes its own tenants.
    isolate: false,
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
})
