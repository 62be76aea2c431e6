/**
 * A write storm against a sqld over its HTTP API (Hrana v2 pipelines, as @libsql/client sends them):
 * rounds of `concurrency` write batches at once, each `BEGIN IMMEDIATE`, 50–250 inserts of 500 bytes and
 * `COMMIT` (or `ROLLBACK`). The WAL grows fast, so commits run SQLite's automatic checkpoint often. Any
 * request without an answer in `timeoutMs` is a stall: the storm stops and says in which round.
 * `SQLITE_BUSY` answers are answers (callers retry them). Used by bench/sqld-stall.ts and its test.
 * @module
 */

import { pipeline } from './sqld.ts'

export type StormResult = {
  readonly rounds: number
  readonly stalledInRound: number | null
  readonly busy: number
  readonly committed: number
}

type Request = Record<string, unknown>

function writeBatch(rows: number): Request[] {
  const insert = { sql: 'INSERT INTO storm (v) VALUES (?)', args: [{ type: 'text', value: 'x'.repeat(500) }] }
  return [
    {
      type: 'batch',
      batch: {
        steps: [
          { stmt: { sql: 'BEGIN IMMEDIATE' } },
          ...Array.from({ length: rows }, (_, k) => ({ condition: { type: 'ok', step: k }, stmt: insert })),
          { condition: { type: 'ok', step: rows }, stmt: { sql: 'COMMIT' } },
          { condition: { type: 'not', cond: { type: 'ok', step: rows + 1 } }, stmt: { sql: 'ROLLBACK' } },
        ],
      },
    },
    { type: 'close' },
  ]
}

export async function writeStorm(url: string, opts: { rounds: number; concurrency: number; timeoutMs: number }): Promise<StormResult> {
  await pipeline(
    url,
    [{ type: 'execute', stmt: { sql: 'CREATE TABLE IF NOT EXISTS storm (id INTEGER PRIMARY KEY, v TEXT)' } }, { type: 'close' }],
    opts.timeoutMs,
  )
  let busy = 0
  let committed = 0
  for (let round = 0; round < opts.rounds; round++) {
    const answers = await Promise.all(
      Array.from({ length: opts.concurrency }, () =>
        pipeline(url, writeBatch(50 + Math.floor(Math.random() * 200)), opts.timeoutMs).then(
          (body) => (body.includes('"type":"error"') || body.includes('"message"') ? 'busy' : 'committed'),
          (e: Error) => (e.name === 'TimeoutError' ? 'stalled' : `failed: ${e.message}`),
        ),
      ),
    )
    const failed = answers.find((a) => a.startsWith('failed'))
    if (failed) throw new Error(`write storm, round ${round}: ${failed}`)
    if (answers.includes('stalled')) return { rounds: round + 1, stalledInRound: round, busy, committed }
    busy += answers.filter((a) => a === 'busy').length
    committed += answers.filter((a) => a === 'committed').length
  }
  return { rounds: opts.rounds, stalledInRound: null, busy, committed }
}
