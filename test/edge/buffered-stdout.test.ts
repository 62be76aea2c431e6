/**
 * The access log's stdout sink on Node (edge/local/stdout.ts) loses no line on a clean stop: lines
 * still in its buffer when the process exits (process.exit in the same turn, or SIGTERM handled as
 * edge/node.ts does) are written before it ends, in order. Also when the reader is slow: the child's
 * stdout is then a real pipe (64 KiB; a child's stdio from Node is a socket pair, with more room) that
 * nobody reads for 300 ms, so it is full long before the child has written its ~130 KB and exits.
 * The sink's exit-time write used to meet that full pipe with EAGAIN or a partial write and lose the
 * rest (about 100 of 5,000 lines went missing once under a loaded CI run).
 * @module
 */

import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const NODE = join(process.cwd(), 'node_modules', '.bin', 'node')
const STDOUT = join(process.cwd(), 'edge', 'local', 'stdout.ts')
const N = 5000

/**
 * Runs a child that logs N lines through bufferedStdout, then `stop`; returns the lines it printed.
 * With `slowReader`, its stdout is a pipe whose reader starts 300 ms late.
 */
function linesOf(stop: string, slowReader: boolean): string[] {
  const script = `
    const { bufferedStdout } = await import(${JSON.stringify(STDOUT)})
    const write = bufferedStdout()
    process.on('SIGTERM', () => process.exit(0))
    for (let i = 0; i < ${N}; i++) write(JSON.stringify({ msg: 'request', i }))
    ${stop}
  `
  const r = slowReader
    ? spawnSync('bash', ['-c', 'set -o pipefail; "$0" --input-type=module -e "$1" | { sleep 0.3; cat; }', NODE, script], {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      })
    : spawnSync(NODE, ['--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  expect(r.stderr).toBe('')
  expect(r.status).toBe(0)
  return r.stdout.split('\n').filter((l) => l !== '')
}

describe('buffered stdout log sink', { timeout: 30_000 }, () => {
  it.each([
    ['process.exit() in the same turn as the writes', 'process.exit(0)', false],
    ['SIGTERM', 'process.kill(process.pid, "SIGTERM")', false],
    ['process.exit(), into a full pipe', 'process.exit(0)', true],
    ['SIGTERM, into a full pipe', 'process.kill(process.pid, "SIGTERM")', true],
  ])('every line reaches stdout, in order, on %s', (_name, stop, slowReader) => {
    const lines = linesOf(stop, slowReader)
    expect(lines).toHaveLength(N)
    expect(lines.map((l) => JSON.parse(l).i)).toEqual(Array.from({ length: N }, (_, i) => i))
  })
})
