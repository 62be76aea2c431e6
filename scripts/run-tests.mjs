#!/usr/bin/env node
// `npm test`: installs what the tests need (scripts/ensure-test-tools.sh), runs the Node suite and
// the workerd suite, and ends with one plain line `N passed, N failed, N skipped` summed over both.
// `node scripts/run-tests.mjs --summary` only prints that line from the last run's JSON reports.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { delimiter, join } from 'node:path'

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
  let passed = 0
  let failed = 0
  let skipped = 0
  for (const s of SUITES) {
    const file = join(out, `${s.name}.json`)
    if (!existsSync(file)) {
      console.error(`no results for the ${s.name} suite (it crashed or did not run)`)
      failed++
      continue
    }
    const r = JSON.parse(readFileSync(file, 'utf8'))
    passed += r.numPassedTests
    failed += r.numFailedTests
    skipped += r.numPendingTests + (r.numTodoTests ?? 0)
    // A file that fails to load has no tests but is a failure all the same.
    failed += r.testResults.filter((t) => t.status === 'failed' && t.assertionResults.length === 0).length
  }
  return { passed, failed, skipped }
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
