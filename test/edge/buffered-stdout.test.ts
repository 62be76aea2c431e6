/**
 * The access log's stdout sink on Node (edge/local/stdout.ts) loses no line on a clean stop: lines
 * still in its buffer when the process exits (process.exit in the same turn, or SIGTERM handled as
 * edge/node.ts does) are written before it ends, in order.
 * @module
 */

import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const NODE = join(process.cwd(), 'node_modules', '.bin', 'node')
const STDOUT = join(process.cwd(), 'edge', 'local', 'stdout.ts')
const N = 5000

/** Runs a child that logs N lines through bufferedStdout, then `stop`; returns the lines it printed. */
function linesOf(stop: string): string[] {
  const script = `
    const { bufferedStdout } = await import(${JSON.stringify(STDOUT)})
    const write = bufferedStdout()
    process.on('SIGTERM', () => process.exit(0))
    for (let i = 0; i < ${N}; i++) write(JSON.stringify({ msg: 'request', i }))
    ${stop}
  `
  const r = spawnSync(NODE, ['--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  expect(r.status).toBe(0)
  return r.stdout.split('\n').filter((l) => l !== '')
}

describe('buffered stdout log sink', { timeout: 30_000 }, () => {
  it.each([
    ['process.exit() in the same turn as the writes', 'process.exit(0)'],
    ['SIGTERM', 'process.kill(process.pid, "SIGTERM")'],
  ])('every line reaches stdout, in order, on %s', (_name, stop) => {
    const lines = linesOf(stop)
    expect(lines).toHaveLength(N)
    expect(lines.map((l) => JSON.parse(l).i)).toEqual(Array.from({ length: N }, (_, i) => i))
  })
})
