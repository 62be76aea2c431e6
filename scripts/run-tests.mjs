#!/usr/bin/env node
// `npm test`: installs what the tests need (scripts/ensure-test-tools.sh), runs the Node suite and
// the workerd suite, and ends with one plain line `N passed, N failed, N skipped` summed over both.
// `node scripts/run-tests.mjs --summary` only prints that line from the last run's JSON reports.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { summarize } from './test-summary.mjs'

const root = new URL('..', import.meta.url).pathname
const out = join(root, '.test-results')
const bin = join(root, 'node_modules', '.bin')
const env = {
  ...process.env,
  PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`,
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  DENO_NO_UPDATE_CHECK: '1',
}
const SUITES = [
  { name: 'node', config: 'vitest.node.config.ts' },
  { name: 'workerd', config: 'vitest.worker.config.ts' },
]

function summary() {
  const s = summarize(
    out,
    SUITES.map((x) => x.name),
  )
  for (const n of s.notes) console.error(n)
  return s
}

if (process.argv.includes('--summary')) {
  const s = summary()
  console.log(`${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`)
  process.exit(s.failed > 0 ? 1 : 0)
}

const tools = join(root, 'scripts', 'ensure-test-tools.sh')
if (existsSync(tools)) spawnSync('bash', [tools], { stdio: 'inherit', env })

rmSync(out, { recursive: true, force: true })
mkdirSync(out, { recursive: true })
const extra = process.argv.slice(2)
let exit = 0
for (const s of SUITES) {
  console.log(`\n=== ${s.name} suite (${s.config}) ===`)
  const r = spawnSync(
    join(bin, 'vitest'),
    ['run', '-c', s.config, '--reporter=default', '--reporter=json', `--outputFile.json=${join(out, `${s.name}.json`)}`, ...extra],
    { stdio: 'inherit', env, cwd: root },
  )
  if (r.status !== 0) exit = 1
}
const s = summary()
if (s.failed > 0) exit = 1
console.log(`\n${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`)
process.exit(exit)
